-- Appends :n generated events to the event log, spread over the 30 days before now, in the shapes the
-- platform stores them (JSON payloads, as its serializer writes them):
--   97 in 100: UsageRecorded, a router's usage row (20 consumer organizations, 5 providers, 10 model
--              services, 200 keys, a third of the rows through a share), tokens and exact costs varying;
--   1 in 100:  ProviderServerCreated of a new instance, 1 in 100 ProviderServerDeleted of the one created
--              five hundred events before (machines billed for a while);
--   1 in 1000 (in place of a usage row): InstanceTypePriceChanged of the L4 type, the price going up and down.
-- No event that starts a saga (InstanceProvisioningRequested) is generated: nothing is provisioned.
-- Events :first to :last of the :n (one transaction per call: a real log is never committed in one piece).
-- psql -v n=1000000 -v first=1 -v last=50000 -f bench/replay-log.sql
\set ON_ERROR_STOP on
-- instances and batches are new at every run
select md5(:'salt_seed' || '') as salt \gset
create temp table bench_events as
select i, now() - interval '30 days' + (i * interval '30 days' / :n) as t
from generate_series(:first, :last) as i;

create temp table bench_type as
select aggregate_identifier as id,
       max(sequence_number) filter (where convert_from(payload, 'UTF8')::json -> 'actor' ->> 'id' is distinct from 'bench') as seq,
       (select convert_from(payload, 'UTF8')::json ->> 'hourlyPriceEur' from domain_event_entry c
         where c.aggregate_identifier = d.aggregate_identifier and c.sequence_number = 0) as price
from domain_event_entry d
where type = 'InstanceType'
  and aggregate_identifier = (select aggregate_identifier from domain_event_entry
                               where payload_type = 'io.inventiv.agents.api.catalog.InstanceTypeCreated'
                                 and convert_from(payload, 'UTF8')::json ->> 'code' = 'L4-1-24G')
group by aggregate_identifier;

insert into domain_event_entry (global_index, event_identifier, aggregate_identifier, sequence_number, type, time_stamp, payload_type,
                                payload_revision, payload, meta_data)
select nextval('domain_event_entry_seq'), e.id::text, coalesce(e.aggregate, e.id::text), e.seq, e.kind, e.stamp, e.payload_type, null,
       convert_to(e.payload::text, 'UTF8'), convert_to('{}', 'UTF8')
from (
  select i, gen_random_uuid() as id, to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as stamp,
    case when i % 100 = 0 then md5('bench-instance' || :'salt' || (i / 100))::uuid::text
         when i % 100 = 1 then md5('bench-instance' || :'salt' || (i / 100 - 5))::uuid::text
         when i % 1000 = 2 then (select id from bench_type) end as aggregate,
    case when i % 100 = 0 then 0 when i % 100 = 1 then 1 when i % 1000 = 2 then (select seq from bench_type) + i / 1000 + 1 else 0 end as seq,
    case when i % 100 in (0, 1) then 'Instance' when i % 1000 = 2 then 'InstanceType' end as kind,
    case when i % 100 = 0 then 'io.inventiv.agents.api.instance.ProviderServerCreated'
         when i % 100 = 1 then 'io.inventiv.agents.api.instance.ProviderServerDeleted'
         when i % 1000 = 2 then 'io.inventiv.agents.api.catalog.InstanceTypePriceChanged'
         else 'io.inventiv.agents.api.usage.UsageRecorded' end as payload_type,
    case when i % 100 = 0 then json_build_object('instanceId', md5('bench-instance' || :'salt' || (i / 100))::uuid, 'serverId', 'bench-' || :'salt' || '-' || (i / 100),
                                                 'serverName', 'bench-' || :'salt' || '-' || (i / 100), 'actor', json_build_object('kind', 'SYSTEM', 'id', 'bench', 'name', 'bench'),
                                                 'at', t)
         when i % 100 = 1 then json_build_object('instanceId', md5('bench-instance' || :'salt' || (i / 100 - 5))::uuid, 'serverId', 'bench-' || :'salt' || '-' || (i / 100 - 5),
                                                 'actor', json_build_object('kind', 'SYSTEM', 'id', 'bench', 'name', 'bench'), 'at', t)
         when i % 1000 = 2 then json_build_object('typeId', (select id from bench_type)::uuid,
                                                  'previousHourlyPriceEur', case when i % 2000 = 2 then (select price from bench_type)::numeric else (select price from bench_type)::numeric + 0.05 end,
                                                  'hourlyPriceEur', case when i % 2000 = 2 then (select price from bench_type)::numeric + 0.05 else (select price from bench_type)::numeric end,
                                                  'actor', json_build_object('kind', 'SYSTEM', 'id', 'bench', 'name', 'bench'), 'at', t)
         else json_build_object('batchId', md5('bench-batch' || :'salt' || (i / 50))::uuid, 'minute', to_char(date_trunc('minute', t at time zone 'UTC'), 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                                'organizationId', md5('bench-org' || (i % 20))::uuid, 'apiKeyId', md5('bench-key' || (i % 200))::uuid, 'userId', null,
                                'modelServiceId', md5('bench-service' || (i % 10))::uuid, 'modelServiceName', 'bench/service-' || (i % 10),
                                'serviceOrganizationId', md5('bench-org' || (i % 5))::uuid, 'modelId', 'meta-llama/Llama-3.1-8B-Instruct',
                                'instanceId', md5('bench-instance' || :'salt' || (i / 100 - 2))::uuid, 'requests', 1 + i % 7, 'failedRequests', i % 50 / 49,
                                'promptTokens', 100 + i % 1000, 'completionTokens', 10 + i % 300,
                                'price', json_build_object('promptPer1k', 0.0005, 'completionPer1k', 0.0015),
                                'costEur', ((100 + i % 1000) * 0.0005 + (10 + i % 300) * 0.0015) / 1000,
                                'shareId', case when i % 3 = 0 then md5('bench-share' || (i % 10))::uuid end)
    end as payload
  from bench_events
  order by i
) e
order by e.i;
