-- The part of Supabase's `auth` schema that the migrations use: auth.users (the identity that public.users
-- extends) and auth.uid() / auth.role() / auth.jwt(), which read the per-request settings PostgREST sets:
-- `request.jwt.claims` (JSON) and, from older gateways, `request.jwt.claim.sub` / `request.jwt.claim.role`.
-- The bodies are Supabase's own. Each object is created, and granted, only where it is missing: on Supabase
-- they exist, owned by supabase_admin / supabase_auth_admin with their own grants, so this file is a no-op
-- there (selftests/test_supabase_noop.py). Not even a re-grant: run by a superuser, a GRANT on an existing
-- function adds entries to its ACL; run by `postgres`, it is refused with a warning.
begin;

do $$
begin
    if to_regnamespace('auth') is null then
        create schema auth;
        grant usage on schema auth to anon, authenticated, service_role;
    end if;
    if to_regclass('auth.users') is null then
        create table auth.users (
            id uuid primary key,
            email text,
            created_at timestamptz default now()
        );
    end if;
    if to_regprocedure('auth.uid()') is null then
        create function auth.uid() returns uuid
            language sql stable
            as $f$
                select coalesce(
                    nullif(current_setting('request.jwt.claim.sub', true), ''),
                    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
                )::uuid
            $f$;
        grant execute on function auth.uid() to anon, authenticated, service_role;
    end if;
    if to_regprocedure('auth.role()') is null then
        create function auth.role() returns text
            language sql stable
            as $f$
                select coalesce(
                    nullif(current_setting('request.jwt.claim.role', true), ''),
                    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
                )::text
            $f$;
        grant execute on function auth.role() to anon, authenticated, service_role;
    end if;
    if to_regprocedure('auth.jwt()') is null then
        create function auth.jwt() returns jsonb
            language sql stable
            as $f$
                select coalesce(
                    nullif(current_setting('request.jwt.claim', true), ''),
                    nullif(current_setting('request.jwt.claims', true), '')
                )::jsonb
            $f$;
        grant execute on function auth.jwt() to anon, authenticated, service_role;
    end if;
end
$$;

commit;
