-- Workers on the command side: which token each instance's worker is heard with (kept from the
-- instance events in the transaction that stores them), and the heartbeats with the engine's metrics,
-- a time series kept out of the event store.
create schema if not exists workers;

create table workers.registry (
    instance_id       uuid primary key,
    state             text        not null,
    token_hash        text unique,
    -- the token a rotation replaced, good until the worker is heard with the new one
    replaced_hash     text unique,
    rotate_requested  boolean     not null default false,
    readiness         text[]      not null default '{}',
    agent_url         text,
    engine_url        text,
    ready_since       timestamptz,
    last_heartbeat_at timestamptz,
    updated_at        timestamptz not null
);
create index registry_watch on workers.registry (state, last_heartbeat_at);

create schema if not exists telemetry;

create table telemetry.worker_heartbeats (
    instance_id                 uuid             not null,
    received_at                 timestamptz      not null,
    engine_http_up              boolean          not null,
    model_loaded                boolean          not null,
    warmed_up                   boolean          not null,
    engine_running              boolean,
    engine_restarts             integer,
    gpu_utilization             double precision,
    requests_running            integer,
    requests_waiting            integer,
    kv_cache_usage              double precision,
    time_to_first_token_seconds double precision,
    prompt_tokens_total         bigint,
    generation_tokens_total     bigint,
    primary key (instance_id, received_at)
);
create index worker_heartbeats_received on telemetry.worker_heartbeats (received_at);
