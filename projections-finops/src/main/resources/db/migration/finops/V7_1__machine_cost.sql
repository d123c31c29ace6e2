-- FinOps: what machines cost, from the event log. Every row carries the time of the event that wrote it,
-- which is also when it took effect: a question asked "as of" a time reads only rows up to that time.
create schema if not exists finops;

-- the catalog's places and types, for the breakdowns
create table finops.providers (
    provider_id uuid primary key,
    code        text not null
);
create table finops.regions (
    region_id   uuid primary key,
    provider_id uuid not null,
    code        text not null
);
create table finops.zones (
    zone_id     uuid primary key,
    region_id   uuid not null,
    provider_id uuid not null,
    code        text not null
);
create table finops.instance_types (
    type_id     uuid primary key,
    provider_id uuid not null,
    code        text not null
);

-- the hourly price of each type, from the time it is in force (a type's first price when it entered the catalog)
create table finops.type_prices (
    type_id    uuid        not null,
    valid_from timestamptz not null,
    hourly_eur numeric     not null,
    primary key (type_id, valid_from)
);

-- each instance as asked for: who owns it, what it serves, on what and where
create table finops.instances (
    instance_id     uuid primary key,
    organization_id uuid,
    model_id        text        not null,
    type_id         uuid        not null,
    zone_id         uuid        not null,
    provider_id     uuid        not null,
    requested_at    timestamptz not null
);

-- the time the provider bills an instance's server: from its creation to its deletion (open while it lives)
create table finops.billed_servers (
    instance_id  uuid        not null,
    server_id    text        not null,
    billed_from  timestamptz not null,
    billed_until timestamptz,
    primary key (instance_id, server_id)
);
create index billed_servers_period on finops.billed_servers (billed_from, billed_until);
