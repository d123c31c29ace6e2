-- FinOps: tokens consumed through /v1, one row per UsageRecorded event (the routers' batched rows), with
-- the time the event was recorded: a question asked "as of" a time reads only what was recorded by then.
create table finops.token_usage (
    event_id                text primary key,
    recorded_at             timestamptz not null,
    minute                  timestamptz not null,
    organization_id         uuid        not null,
    api_key_id              uuid,
    user_id                 uuid,
    model_service_id        uuid        not null,
    model_service_name      text        not null,
    service_organization_id uuid        not null,
    model_id                text        not null,
    instance_id             uuid,
    requests                bigint      not null,
    failed_requests         bigint      not null,
    prompt_tokens           bigint      not null,
    completion_tokens       bigint      not null,
    cost_eur                numeric     not null
);
create index token_usage_minute on finops.token_usage (minute);
create index token_usage_organization on finops.token_usage (organization_id, minute);
