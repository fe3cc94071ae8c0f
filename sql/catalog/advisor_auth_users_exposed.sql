-- splinter 0002 auth_users_exposed: views and materialized views of the exposed schemas that read auth.users
-- and that an API role can select without auth.users' own protection (definer rights, or a matview).
select distinct format('%%I.%%I', n.nspname, c.relname) as offender
  from pg_catalog.pg_depend d
  join pg_catalog.pg_rewrite w on w.oid = d.objid
  join pg_catalog.pg_class c on c.oid = w.ev_class
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
 where d.classid = 'pg_catalog.pg_rewrite'::regclass and d.refobjid = 'auth.users'::regclass
   and c.relkind in ('v', 'm') and n.nspname = any(%(exposed)s)
   and exists (select from unnest(%(api_roles)s::text[]) r(role)
                where pg_catalog.has_table_privilege(r.role, c.oid, 'SELECT'))
   and (c.relkind = 'm'
        or not (lower(coalesce(c.reloptions::text, '{}'))::text[]
                && array['security_invoker=1', 'security_invoker=true', 'security_invoker=yes', 'security_invoker=on']))
 order by 1
