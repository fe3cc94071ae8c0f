-- The default privileges of a Supabase project created before 2026-10-30 (supabase/postgres
-- init-scripts/00000000000000-initial-schema.sql): every table, function and sequence the migrating role creates
-- in public is granted to all three API roles, ALL privileges, TRUNCATE included. The migrations must be right on
-- such a project too: they revoke what these add, then grant. Applied with `--supabase-defaults=legacy`.
begin;

alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;

commit;
