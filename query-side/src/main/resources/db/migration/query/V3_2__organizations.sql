-- Instances and action-log entries belong to an organization (null: recorded before organizations
-- existed, or platform-wide such as catalog changes, visible to platform admins only), and say who
-- acted by name as well as by id.
alter table instances add column organization_id uuid;
alter table instances add column requested_by_name text;
create index instances_organization on instances (organization_id, created_at desc);

alter table instance_history add column actor_name text;

alter table action_logs add column organization_id uuid;
alter table action_logs add column actor_name text;
create index action_logs_organization on action_logs (organization_id, global_index desc);

-- which organization each aggregate belongs to, as the action log learnt it from the aggregate's first event
create table action_log_scopes (
    subject_id      text primary key,
    organization_id uuid not null
);
