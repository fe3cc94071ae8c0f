-- Ends the sessions on one of the suite's own databases: the volume clone, when the run stops while it is still
-- loading. The load's thread then fails at once instead of finishing work that is dropped next.
select count(pg_catalog.pg_terminate_backend(pid))
  from pg_catalog.pg_stat_activity
 where datname = %(dbname)s and pid <> pg_catalog.pg_backend_pid()
