-- Removes what 005 created, and nothing else. Run after rollback_006 (006 does not depend on 005, so running
-- this one first also works). Dropping the table drops its
-- policies, triggers and indexes with it.
begin;

drop materialized view if exists public.message_feedback_summary;
drop table if exists public.feedback;
drop function if exists private.feedback_set_tenant();

commit;
