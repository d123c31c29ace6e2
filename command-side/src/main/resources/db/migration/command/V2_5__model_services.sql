-- Model services by name, kept from their events in the transaction that stores them: a live name is
-- unique across the platform (a retired one may be published again).
create schema if not exists model_services;

create table model_services.services (
    id                      uuid primary key,
    organization_id         uuid          not null,
    name                    text          not null,
    model_id                text          not null,
    visibility              text          not null,
    prompt_price_per_1k     numeric(14,6) not null,
    completion_price_per_1k numeric(14,6) not null,
    retired_at              timestamptz,
    created_at              timestamptz   not null,
    updated_at              timestamptz   not null
);
create unique index services_live_name on model_services.services (name) where retired_at is null;
create index services_organization on model_services.services (organization_id, name);
