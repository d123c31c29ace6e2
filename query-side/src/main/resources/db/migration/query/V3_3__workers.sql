-- What an instance's worker made known: where its agent and engine answer, the install phase reached.
alter table instances add column install_phase text;
alter table instances add column agent_url text;
alter table instances add column engine_url text;
alter table instances add column engine_kind text;
alter table instances add column ready_at timestamptz;
