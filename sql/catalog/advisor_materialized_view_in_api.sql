-- splinter 0016 materialized_view_in_api: materialized views of the exposed schemas an API role can read
-- (they have no RLS, so every tenant's rows are in them).
select format('%%I.%%I (%%s)', n.nspname, c.relname, string_agg(r.role, ', ' order by r.role)) as offender
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
 cross join unnest(%(api_roles)s::text[]) as r(role)
 where c.relkind = 'm' and n.nspname = any(%(exposed)s)
   and pg_catalog.has_table_privilege(r.role, c.oid, 'SELECT')
 group by n.nspname, c.relname
 order by 1
