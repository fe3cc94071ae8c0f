-- Supabase's API roles, as a vanilla PostgreSQL lacks them, with the attributes and settings Supabase gives them
-- today (supabase/postgres: init-scripts/00000000000000-initial-schema.sql, migrations 20221028101028 and
-- 20230529180330, 20231130133139). PostgREST logs in as `authenticator` and switches to one of the three per
-- request (SET LOCAL ROLE), then applies that role's settings (statement_timeout) transaction-locally.
-- Each role and each setting is created only where it is missing: on Supabase this file changes nothing.
begin;

do $$
begin
    if not exists (select from pg_catalog.pg_roles where rolname = 'anon') then
        create role anon nologin inherit;
    end if;
    if not exists (select from pg_catalog.pg_roles where rolname = 'authenticated') then
        create role authenticated nologin inherit;
    end if;
    if not exists (select from pg_catalog.pg_roles where rolname = 'service_role') then
        create role service_role nologin inherit bypassrls;
    end if;
    if not exists (select from pg_catalog.pg_roles where rolname = 'authenticator') then
        create role authenticator login noinherit;
        grant anon, authenticated, service_role to authenticator;
    end if;
end
$$;

-- ALTER ROLE ... SET only where the role has no value for that setting yet.
do $$
declare
    wanted record;
begin
    for wanted in
        select * from (values ('anon', 'statement_timeout', '3s'),
                              ('authenticated', 'statement_timeout', '8s'),
                              ('authenticator', 'statement_timeout', '8s'),
                              ('authenticator', 'lock_timeout', '8s')) as w(role, name, value)
         where not exists (
               select from pg_catalog.pg_db_role_setting s
                where s.setrole = w.role::regrole and s.setdatabase = 0
                  and exists (select from unnest(s.setconfig) c where c like w.name || '=%'))
    loop
        execute format('alter role %I set %s = %L', wanted.role, wanted.name, wanted.value);
    end loop;
end
$$;

commit;
