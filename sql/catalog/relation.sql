-- A relation by schema-qualified name: its kind (r table, v view, m materialized view), RLS flags, options.
select c.relname as name, c.relkind::text as kind, c.relrowsecurity as rls_enabled,
       c.relforcerowsecurity as rls_forced, coalesce(c.reloptions, '{}') as options
  from pg_catalog.pg_class c
 where c.oid = to_regclass(%(relation)s)
