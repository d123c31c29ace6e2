-- Identity on the command side: the directory of accounts, organizations and memberships (kept from
-- the identity events in the same transaction as they are stored, so uniqueness holds), the password
-- hashes (never in events), the login sessions and the login throttle.
create schema if not exists identity;

create table identity.accounts (
    user_id       uuid primary key,
    username      text not null,
    email         text,
    display_name  text not null,
    platform_role text not null,
    active        boolean not null default true,
    created_at    timestamptz not null,
    updated_at    timestamptz not null
);
create unique index accounts_username on identity.accounts (username);
create unique index accounts_email on identity.accounts (email) where email is not null;

create table identity.credentials (
    user_id       uuid primary key,
    password_hash text not null,
    changed_at    timestamptz not null
);

create table identity.organizations (
    id            uuid primary key,
    name          text not null,
    max_instances integer,
    created_at    timestamptz not null,
    updated_at    timestamptz not null
);

create table identity.memberships (
    organization_id uuid not null references identity.organizations (id),
    user_id         uuid not null references identity.accounts (user_id),
    role            text not null,
    joined_at       timestamptz not null,
    primary key (organization_id, user_id)
);
create index memberships_user on identity.memberships (user_id);

-- unfinished instances per organization, for its quota
create table identity.organization_instances (
    instance_id     uuid primary key,
    organization_id uuid not null
);
create index organization_instances_org on identity.organization_instances (organization_id);

create table identity.sessions (
    id                      uuid primary key,
    token_hash              bytea not null unique,
    user_id                 uuid not null references identity.accounts (user_id),
    current_organization_id uuid,
    created_at              timestamptz not null,
    last_seen_at            timestamptz not null,
    expires_at              timestamptz not null,
    revoked_at              timestamptz,
    user_agent              text,
    remote_address          text
);
create index sessions_user on identity.sessions (user_id);

create table identity.login_failures (
    key              text primary key,
    failures         integer not null,
    last_failure_at  timestamptz not null,
    locked_until     timestamptz
);
create index login_failures_last on identity.login_failures (last_failure_at);
create index sessions_expiry on identity.sessions (expires_at);
