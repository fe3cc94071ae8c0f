-- What the server spent on one statement as run by one role in this database since its reset: each execution of
-- the request as it was sent, prepared and with the plan the plan cache chose (PostgREST prepares its statements).
select s.calls, s.mean_exec_time, s.stddev_exec_time, s.min_exec_time, s.max_exec_time
  from pg_stat_statements s
 where s.queryid = %(queryid)s
   and s.userid = (select r.oid from pg_catalog.pg_roles r where r.rolname = %(role)s)
   and s.dbid = (select d.oid from pg_catalog.pg_database d where d.datname = current_database())
   and s.toplevel
