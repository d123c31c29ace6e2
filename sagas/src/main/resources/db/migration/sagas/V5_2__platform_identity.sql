-- Who this platform is at its providers: every resource it makes is tagged with this id, and the
-- reconciler deletes only what carries it, so two platforms sharing a cloud account leave each other alone.
create table platform_identity (
    singleton  boolean     primary key default true check (singleton),
    id         uuid        not null,
    created_at timestamptz not null
);
