-- Removes what 003 created, and nothing else; tenants and users and their rows stay. Run last, after
-- rollback_004: while messages still references conversations this fails (no CASCADE) and changes nothing.
-- private.set_updated_at() is created by 003 and also used by 005 and 006, so it goes here.
begin;

drop table if exists public.conversations;
drop function if exists private.set_updated_at();

commit;
