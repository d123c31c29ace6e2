-- Tamper evidence: a hash chain over the stored events, in the order they were chained. Each link is the
-- SHA-256 of the previous link and of the event as stored (every column, its payload and metadata bytes).
create schema if not exists audit;
create table audit.event_chain (
    position         bigint primary key,
    global_index     bigint      not null unique,
    event_identifier text        not null unique,
    hash             bytea       not null,
    chained_at       timestamptz not null
);
