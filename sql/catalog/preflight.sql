-- Pre-Deployment Environment Verification, read-only: one row of facts about the target. Never fails on a
-- database where 003-006 (or even tenants and users) are missing: it reports what is there and what is not,
-- so it also serves as the graceful-degradation check after a rollback. `expected` lists the objects of the
-- schema contract (contract/schema.toml) that each migration creates; tests/test_preflight.py checks
-- that the two agree.
with expected(migration, kind, relkind, name) as (
    values ('003', 'table', 'r', 'conversations'),
           ('004', 'table', 'r', 'messages'),
           ('005', 'table', 'r', 'feedback'),
           ('005', 'materialized view', 'm', 'message_feedback_summary'),
           ('006', 'table', 'r', 'usage_metrics'),
           ('006', 'materialized view', 'm', 'monthly_usage_summary'),
           ('006', 'view', 'v', 'current_day_usage'),
           ('006', 'function', null, 'increment_usage_metrics')
),
found as (
    select e.migration, e.kind, 'public.' || e.name as name,
           case when e.relkind is null
                then exists (select from pg_catalog.pg_proc p
                              where p.pronamespace = to_regnamespace('public') and p.proname = e.name)
                else exists (select from pg_catalog.pg_class c
                              where c.relnamespace = to_regnamespace('public') and c.relname = e.name
                                and c.relkind = e.relkind)
           end as present
      from expected e
),
migrations as (
    select migration, bool_and(present) as whole, bool_or(present) as partly from found group by migration
)
select current_setting('server_version_num')::int as server_version_num,
       current_setting('server_version') as server_version,
       to_regclass('public.tenants') is not null as has_tenants,
       to_regclass('public.users') is not null as has_users,
       array(select rolname from pg_catalog.pg_roles
              where rolname in ('anon', 'authenticated', 'service_role') order by rolname)::text[] as api_roles,
       coalesce((select rolbypassrls from pg_catalog.pg_roles where rolname = 'service_role'), false)
           as service_role_bypasses_rls,
       to_regprocedure('gen_random_uuid()') is not null as has_gen_random_uuid,
       to_regprocedure('auth.uid()') is not null as has_auth_uid,
       array(select extname from pg_catalog.pg_extension order by extname)::text[] as extensions,
       array(select t from unnest(array['conversations', 'messages', 'feedback', 'usage_metrics']) t
              where to_regclass('public.' || t) is not null)::text[] as applied_tables,
       array(select migration from migrations where whole order by migration)::text[] as applied_migrations,
       array(select migration from migrations where partly and not whole order by migration)::text[]
           as partial_migrations,
       array(select kind || ' ' || name from found where not present order by migration, name)::text[]
           as missing_objects,
       pg_catalog.pg_size_pretty(pg_catalog.pg_database_size(current_database())) as database_size
