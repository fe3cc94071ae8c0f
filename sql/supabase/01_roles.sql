-- Supabase's API roles, as a vanilla PostgreSQL lacks them. PostgREST switches to one of these per request
-- (SET LOCAL ROLE); none of them logs in. On a Supabase database they exist already and nothing changes.
begin;

do $$
begin
    if not exists (select from pg_catalog.pg_roles where rolname = 'anon') then
        create role anon nologin noinherit;
    end if;
    if not exists (select from pg_catalog.pg_roles where rolname = 'authenticated') then
        create role authenticated nologin noinherit;
    end if;
    if not exists (select from pg_catalog.pg_roles where rolname = 'service_role') then
        create role service_role nologin noinherit bypassrls;
    end if;
end
$$;

commit;
