-- The local provider's own inventory: a simulated GPU cloud whose servers and volumes outlive the
-- platform's process, as a real cloud's do.
create schema if not exists local_cloud;

create sequence local_cloud.address_seq start with 1;

create table local_cloud.servers (
    id              uuid        primary key,
    zone            text        not null,
    name            text        not null,
    commercial_type text        not null,
    tags            text[]      not null default '{}',
    created_at      timestamptz not null,
    powered_on_at   timestamptz,
    boot_hangs      boolean     not null default false,
    ip_address      text
);
create index servers_zone on local_cloud.servers (zone);
create index servers_tags on local_cloud.servers using gin (tags);

create table local_cloud.volumes (
    id         uuid        primary key,
    zone       text        not null,
    name       text        not null,
    size_gb    integer     not null,
    server_id  uuid        references local_cloud.servers (id) on delete set null,
    tags       text[]      not null default '{}',
    created_at timestamptz not null
);
create index volumes_zone on local_cloud.volumes (zone);
create index volumes_tags on local_cloud.volumes using gin (tags);
