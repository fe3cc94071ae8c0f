-- Scheduled Maintenance - daily refresh of both materialized views with pg_cron (Supabase ships it; enable
-- the extension in the dashboard or `create extension pg_cron`). CONCURRENTLY keeps readers unblocked; it
-- needs the unique indexes 005 and 006 create. Re-running replaces the jobs (cron.schedule upserts by name).
select cron.schedule('refresh-message-feedback-summary', '0 3 * * *',
                     'REFRESH MATERIALIZED VIEW CONCURRENTLY public.message_feedback_summary');
select cron.schedule('refresh-monthly-usage-summary', '5 3 * * *',
                     'REFRESH MATERIALIZED VIEW CONCURRENTLY public.monthly_usage_summary');
