-- Pre-Deployment Environment Verification, read-only: one row of facts about the target.
select current_setting('server_version_num')::int as server_version_num,
       to_regclass('public.tenants') is not null as has_tenants,
       to_regclass('public.users') is not null as has_users,
       array(select rolname from pg_catalog.pg_roles
              where rolname in ('anon', 'authenticated', 'service_role') order by rolname)::text[] as api_roles,
       coalesce((select rolbypassrls from pg_catalog.pg_roles where rolname = 'service_role'), false)
           as service_role_bypasses_rls,
       to_regprocedure('gen_random_uuid()') is not null as has_gen_random_uuid,
       to_regprocedure('auth.uid()') is not null as has_auth_uid,
       array(select t from unnest(array['conversations', 'messages', 'feedback', 'usage_metrics']) t
              where to_regclass('public.' || t) is not null)::text[] as applied_tables,
       pg_catalog.pg_size_pretty(pg_catalog.pg_database_size(current_database())) as database_size
