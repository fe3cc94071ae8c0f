-- splinter 0010 security_definer_view, for every view of the exposed schemas: views that read with their
-- owner's rights (bypassing the caller's RLS) instead of security_invoker.
select format('%%I.%%I', n.nspname, c.relname) as offender
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
 where c.relkind = 'v' and n.nspname = any(%(exposed)s)
   and not (lower(coalesce(c.reloptions::text, '{}'))::text[]
            && array['security_invoker=1', 'security_invoker=true', 'security_invoker=yes', 'security_invoker=on'])
 order by 1
