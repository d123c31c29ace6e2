-- FinOps chargeback: each usage row keeps the price it was charged at and the share it went through, so that
-- statements between organizations show their lines at their prices. Rows kept before are rebuilt from the
-- event log: the projection's position is forgotten and it reads the log again from the start.
alter table finops.token_usage
    add column prompt_price_per_1k     numeric,
    add column completion_price_per_1k numeric,
    add column share_id                uuid;
truncate finops.token_usage;
delete from token_entry where processor_name = 'finops-token-usage';
create index token_usage_between on finops.token_usage (service_organization_id, organization_id, minute)
    where organization_id <> service_organization_id;
