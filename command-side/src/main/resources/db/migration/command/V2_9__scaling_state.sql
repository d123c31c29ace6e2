-- Where a model service's autoscaling stands, as the API shows it: the instances its last decision went to, and that decision.
alter table model_services.services add column desired_instances integer;
alter table model_services.services add column last_scaling jsonb;
