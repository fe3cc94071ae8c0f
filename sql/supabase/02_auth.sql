-- The part of Supabase's `auth` schema that the migrations use: auth.users (the identity that public.users
-- extends) and auth.uid() / auth.role() / auth.jwt(), which read the per-request settings PostgREST sets:
-- `request.jwt.claims` (JSON) and, from older gateways, `request.jwt.claim.sub` / `request.jwt.claim.role`.
-- The bodies are Supabase's own. Existing objects are left untouched, so on Supabase this file is a no-op.
begin;

create schema if not exists auth;

create table if not exists auth.users (
    id uuid primary key,
    email text,
    created_at timestamptz default now()
);

do $$
begin
    if to_regprocedure('auth.uid()') is null then
        create function auth.uid() returns uuid
            language sql stable
            as $f$
                select coalesce(
                    nullif(current_setting('request.jwt.claim.sub', true), ''),
                    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
                )::uuid
            $f$;
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
    end if;
end
$$;

grant usage on schema auth to anon, authenticated, service_role;
grant execute on function auth.uid(), auth.role(), auth.jwt() to anon, authenticated, service_role;

commit;
