-- Scheduled Maintenance - weekly VACUUM ANALYZE (the checklist's statements). VACUUM cannot run inside a
-- transaction block: run each statement on its own (psql -f does).
VACUUM ANALYZE public.conversations;
VACUUM ANALYZE public.messages;
VACUUM ANALYZE public.feedback;
VACUUM ANALYZE public.usage_metrics;
