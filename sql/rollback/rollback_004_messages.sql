-- Removes what 004 created, and nothing else. Run after rollback_005: while feedback still references
-- messages this fails (no CASCADE) and changes nothing.
begin;

drop table if exists public.messages;
drop function if exists private.messages_touch_conversation();
drop function if exists private.messages_set_tenant();

commit;
