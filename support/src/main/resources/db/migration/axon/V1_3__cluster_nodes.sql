-- The nodes sharing the event store, each seen at its last heartbeat: tracking processors' segments are
-- shared out among the nodes seen lately.
create schema if not exists cluster;

create table cluster.nodes (
    node_id    text primary key,
    started_at timestamptz not null,
    seen_at    timestamptz not null
);
