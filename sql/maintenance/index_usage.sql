-- Monitoring Setup - Monitor index usage (the checklist's query, verbatim).
SELECT schemaname, relname AS tablename, indexrelname AS indexname, idx_scan
FROM pg_stat_user_indexes
WHERE schemaname = 'public'
ORDER BY idx_scan DESC;
