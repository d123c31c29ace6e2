-- The data plane's usage journals: how far each node's journal is published as UsageRecorded events,
-- written in the transaction that stores the events, so that a line is published once.
create schema if not exists router;

create table router.usage_journals (
    journal          text primary key,
    published_offset bigint      not null,
    updated_at       timestamptz not null
);

-- Latency of the requests relayed to the engines, per minute, model service and instance: telemetry,
-- a time series kept out of the event store. Several rows of a minute add up.
create schema if not exists telemetry;

create table telemetry.router_latency (
    minute           timestamptz not null,
    model_service_id uuid        not null,
    -- the service's name and owner, so that the series is read without the usage tables
    model_service_name      text not null,
    service_organization_id uuid not null,
    instance_id      uuid,
    requests         bigint      not null,
    ttft_count       bigint      not null,
    ttft_ms_sum      bigint      not null,
    ttft_ms_max      bigint      not null,
    total_ms_sum     bigint      not null,
    total_ms_max     bigint      not null
);
create index router_latency_minute on telemetry.router_latency (minute);
create index router_latency_instance on telemetry.router_latency (instance_id, minute);
