-- Monitoring Setup - Monitor table size growth (the checklist's query, verbatim).
SELECT schemaname, tablename,
       pg_size_pretty(pg_total_relation_size(schemaname||'.'||tablename))
FROM pg_tables WHERE schemaname = 'public';
