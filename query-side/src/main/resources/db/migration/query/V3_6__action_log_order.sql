-- The action log is read newest first, a page after another ("before" the last entry read). The global index an entry
-- carries is its processor's position when it was written, which entries committed side by side can share: a column
-- of its own, in the order entries were written, gives each one its place, and an index reads it without a sort
-- whatever the log's size.
alter table action_logs add column seq bigserial;
create unique index action_logs_seq on action_logs (seq desc);
