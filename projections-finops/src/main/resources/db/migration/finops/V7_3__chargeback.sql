-- FinOps chargeback: each usage row keeps the price it was charged at and the share it went through, so that
-- statements between organizations show their lines at their prices. Rows kept before are rebuilt from the
-- event log: the projection's position is forgotten and it reads the log again from the start.
alter table finops.token_usage
    add column prompt_price_per_1k     numeric,
    add column completion_price_per_1k numeric,
    add column share_id                uuid;
truncate finops.token_usage, finops.providers, finops.regions, finops.zones, finops.instance_types, finops.type_prices, finops.instances,
    finops.billed_servers;
delete from token_entry where processor_name in ('finops-machine-cost', 'finops-token-usage');
create index token_usage_between on finops.token_usage (service_organization_id, organization_id, minute)
    where organization_id <> service_organization_id;

-- Statements as issued (StatementIssued), line by line: what was billed, whatever the books say later.
create table finops.issued_statements (
    id                       uuid primary key,
    provider_organization_id uuid        not null,
    consumer_organization_id uuid        not null,
    period_from              timestamptz not null,
    period_to                timestamptz not null,
    as_of                    timestamptz not null,
    amount_eur               numeric     not null,
    issued_at                timestamptz not null,
    issued_by                text        not null
);
create index issued_statements_provider on finops.issued_statements (provider_organization_id, period_from);
create index issued_statements_consumer on finops.issued_statements (consumer_organization_id, period_from);

create table finops.issued_statement_lines (
    statement_id            uuid    not null references finops.issued_statements (id) on delete cascade,
    line                    integer not null,
    model_service_id        uuid    not null,
    model_service_name      text    not null,
    share_id                uuid,
    prompt_price_per_1k     numeric not null,
    completion_price_per_1k numeric not null,
    requests                bigint  not null,
    prompt_tokens           bigint  not null,
    completion_tokens       bigint  not null,
    amount_eur              numeric not null,
    primary key (statement_id, line)
);
