-- a booted local server answers SSH on this loopback port (kept across restarts of the platform)
alter table local_cloud.servers add column ssh_port integer;
