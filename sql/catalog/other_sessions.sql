-- Sessions other than the caller's on a database: while there is one, CREATE DATABASE ... TEMPLATE cannot copy
-- it, and the suite terminates no session it did not open. Any role sees these columns of pg_stat_activity.
-- Autovacuum workers are not counted: CREATE DATABASE itself signals them to leave and waits for them.
select coalesce(usename, backend_type) as who, count(*) as sessions
  from pg_catalog.pg_stat_activity
 where datname = %(dbname)s and pid <> pg_catalog.pg_backend_pid()
   and backend_type is distinct from 'autovacuum worker'
 group by 1
 order by 1
