-- The action log is read newest first, a page after another ("before" a cursor). The global index an entry carries is
-- its processor's position when it was written, which entries committed side by side can share: a column of its own,
-- in the order entries were written, gives each one its place, and an index reads it without a sort whatever the
-- log's size. Entries already written are numbered in the order of the log.
alter table action_logs add column seq bigint;
create sequence action_logs_seq_seq owned by action_logs.seq;
update action_logs set seq = numbered.n
from (select event_id, row_number() over (order by global_index, created_at, event_id) as n from action_logs) numbered
where numbered.event_id = action_logs.event_id;
select setval('action_logs_seq_seq', coalesce((select max(seq) from action_logs), 0) + 1, false);
alter table action_logs alter column seq set default nextval('action_logs_seq_seq');
alter table action_logs alter column seq set not null;
create unique index action_logs_seq on action_logs (seq desc);
