-- The API keys of the OpenAI-compatible API as requests are checked against them: kept from the key
-- events in the transaction that stores them, so a revoked key is refused as soon as its revocation is.
create schema if not exists api_keys;

create table api_keys.keys (
    id                  uuid primary key,
    organization_id     uuid        not null,
    name                text        not null,
    display_prefix      text        not null,
    secret_hash         text        not null unique,
    expires_at          timestamptz,
    revoked_at          timestamptz,
    revoked_reason      text,
    allowed_models      text[]      not null default '{}',
    requests_per_minute integer,
    tokens_per_minute   integer,
    created_by          text        not null,
    created_by_name     text,
    created_at          timestamptz not null,
    updated_at          timestamptz not null
);
create index keys_organization on api_keys.keys (organization_id, created_at desc);
