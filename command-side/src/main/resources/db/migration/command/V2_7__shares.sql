-- Shares of model services between organizations, kept from their events in the transaction that stores
-- them: one share in force or paused per service and consumer (a revoked one may be granted again).
create table model_services.shares (
    id                       uuid primary key,
    model_service_id         uuid          not null,
    model_service_name       text          not null,
    provider_organization_id uuid          not null,
    consumer_organization_id uuid          not null,
    prompt_price_per_1k      numeric(14,6) not null,
    completion_price_per_1k  numeric(14,6) not null,
    paused_at                timestamptz,
    pause_reason             text,
    revoked_at               timestamptz,
    revoke_reason            text,
    created_at               timestamptz   not null,
    updated_at               timestamptz   not null
);
create unique index shares_live_pair on model_services.shares (model_service_id, consumer_organization_id) where revoked_at is null;
create index shares_provider on model_services.shares (provider_organization_id, created_at);
create index shares_consumer on model_services.shares (consumer_organization_id, created_at);
