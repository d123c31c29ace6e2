-- Token usage of the OpenAI-compatible API per minute, caller, model service, instance and price, summed
-- from the UsageRecorded events (several batches of a minute add up into one row).
create schema if not exists usage;

create table usage.by_minute (
    row_key                 text primary key,
    minute                  timestamptz   not null,
    organization_id         uuid          not null,
    api_key_id              uuid,
    user_id                 uuid,
    model_service_id        uuid          not null,
    model_service_name      text          not null,
    service_organization_id uuid          not null,
    model_id                text          not null,
    instance_id             uuid,
    prompt_price_per_1k     numeric(20, 9) not null,
    completion_price_per_1k numeric(20, 9) not null,
    requests                bigint        not null,
    failed_requests         bigint        not null,
    prompt_tokens           bigint        not null,
    completion_tokens       bigint        not null,
    cost_eur                numeric(30, 12) not null
);
create index by_minute_organization on usage.by_minute (organization_id, minute);
create index by_minute_provider on usage.by_minute (service_organization_id, minute);
