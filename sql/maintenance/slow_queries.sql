-- Monitoring Setup - Monitor slow queries (> 100ms): the statements of this database whose mean execution
-- time exceeds the threshold, slowest first. The parameter threshold_ms is the threshold in milliseconds: the
-- checklist's 100 for monitoring, 1000 for its alert (contract/lifecycle.toml [maintenance.slow_queries]); in
-- psql, write the number in its place. Needs pg_stat_statements, preloaded (shared_preload_libraries) and
-- created in the database (create extension pg_stat_statements); Supabase has both.
SELECT r.rolname AS role,
       s.calls,
       round(s.mean_exec_time::numeric, 1) AS mean_ms,
       round(s.max_exec_time::numeric, 1) AS max_ms,
       round(s.total_exec_time::numeric, 1) AS total_ms,
       s.query
FROM pg_stat_statements s
LEFT JOIN pg_roles r ON r.oid = s.userid
WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND s.mean_exec_time > %(threshold_ms)s
ORDER BY s.mean_exec_time DESC;
