-- Read models: projections of the event log, rebuilt by replaying it.

create table catalog_providers (
    id         uuid primary key,
    code       text        not null,
    name       text        not null,
    active     boolean     not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create table catalog_regions (
    id          uuid primary key,
    provider_id uuid        not null,
    code        text        not null,
    name        text        not null,
    active      boolean     not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);

create table catalog_zones (
    id          uuid primary key,
    region_id   uuid        not null,
    provider_id uuid        not null,
    code        text        not null,
    name        text        not null,
    active      boolean     not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);

create table catalog_instance_types (
    id               uuid primary key,
    provider_id      uuid          not null,
    code             text          not null,
    name             text          not null,
    gpu_model        text          not null,
    gpu_count        integer       not null,
    vram_per_gpu_gb  integer       not null,
    vcpus            integer       not null,
    ram_gb           integer       not null,
    hourly_price_eur numeric(12,6) not null,
    active           boolean       not null,
    created_at       timestamptz   not null,
    updated_at       timestamptz   not null
);

create table catalog_instance_type_prices (
    event_id         text primary key,
    instance_type_id uuid          not null,
    hourly_price_eur numeric(12,6) not null,
    effective_from   timestamptz   not null,
    changed_by       text          not null
);
create index catalog_instance_type_prices_type on catalog_instance_type_prices (instance_type_id, effective_from);

create table catalog_instance_type_zones (
    instance_type_id uuid not null,
    zone_id          uuid not null,
    primary key (instance_type_id, zone_id)
);
create index catalog_instance_type_zones_zone on catalog_instance_type_zones (zone_id);

create table catalog_models (
    id               text primary key,
    name             text        not null,
    required_vram_gb integer     not null,
    data_volume_gb   integer     not null,
    context_length   integer     not null,
    active           boolean     not null,
    created_at       timestamptz not null,
    updated_at       timestamptz not null
);

create table instances (
    id               uuid primary key,
    model_id         text        not null,
    instance_type_id uuid        not null,
    zone_id          uuid        not null,
    provider_id      uuid        not null,
    provider_code    text        not null,
    zone_code        text        not null,
    instance_type_code text      not null,
    data_volume_gb   integer     not null,
    status           text        not null,
    progress         integer     not null,
    server_id        text,
    volume_ids       text[]      not null default '{}',
    ip_address       text,
    last_reason      text,
    failure_reason   text,
    archived         boolean     not null default false,
    requested_by     text        not null,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    finished_at      timestamptz,
    version          bigint      not null
);
create index instances_status on instances (status);
create index instances_created on instances (created_at desc);
create index instances_model on instances (model_id);
create index instances_zone on instances (zone_id);

create table instance_history (
    event_id    text primary key,
    instance_id uuid        not null,
    sequence    bigint      not null,
    event_type  text        not null,
    to_status   text        not null,
    progress    integer     not null,
    reason      text,
    actor       text        not null,
    at          timestamptz not null
);
create index instance_history_instance on instance_history (instance_id, sequence);

create table action_logs (
    event_id     text primary key,
    global_index bigint      not null,
    action_type  text        not null,
    component    text        not null,
    subject_type text,
    subject_id   text,
    instance_id  uuid,
    actor        text,
    reason       text,
    status       text,
    metadata     jsonb       not null,
    created_at   timestamptz not null
);
create index action_logs_created on action_logs (created_at desc, global_index desc);
create index action_logs_instance on action_logs (instance_id, global_index);
create index action_logs_type on action_logs (action_type);
