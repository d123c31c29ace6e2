-- A model service's scaling policy as last set (null: instances only as deployed by hand), as the API shows it.
alter table model_services.services add column scaling jsonb;
