-- Token budgets of organizations and keys (EUR; per UTC day, month or in total).
alter table identity.organizations add column budget_eur numeric(16, 6), add column budget_period text;
alter table api_keys.keys add column budget_eur numeric(16, 6), add column budget_period text;
