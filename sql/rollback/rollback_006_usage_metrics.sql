-- Removes what 006 created, and nothing else. Run the rollbacks in reverse order (006, 005, 004, 003).
-- No CASCADE anywhere: a dependent object created outside these migrations makes it fail, atomically.
begin;

drop view if exists public.current_day_usage;
drop materialized view if exists public.monthly_usage_summary;
drop function if exists public.increment_usage_metrics(uuid, uuid, date, integer, integer, numeric);
drop table if exists public.usage_metrics;

commit;
