-- The bootstrap scripts running now, each touched every few seconds by the node that runs it: a run
-- whose node died stops being touched, and the installation saga takes it as a failed attempt.
create schema if not exists installation;

create table installation.runs (
    instance_id uuid        not null,
    attempt     integer     not null,
    started_at  timestamptz not null,
    touched_at  timestamptz not null,
    ended_at    timestamptz,
    primary key (instance_id, attempt)
);
