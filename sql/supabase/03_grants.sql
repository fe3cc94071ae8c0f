-- Supabase grants the API roles USAGE on schema public; what they may do with each object there is the
-- migrations' business. Projects created before 2026-10-30 also have default privileges that grant them ALL on
-- every new table, function and sequence (sql/supabase/legacy/, `--supabase-defaults=legacy`); current ones
-- have none, so a migration that does not grant leaves the app with `permission denied`.
-- Re-granting what is granted already changes nothing, so this is a no-op on Supabase.
begin;

grant usage on schema public to anon, authenticated, service_role;

commit;
