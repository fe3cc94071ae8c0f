-- Supabase's default grants on schema public: the API roles get privileges on every table, function and
-- sequence the migrating role creates, and Row Level Security is what protects the rows. Migrations
-- revoke where an object must not be reachable (materialized views, functions anon must not call).
-- Re-granting what is granted already changes nothing, so this is a no-op on Supabase.
begin;

grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;

commit;
