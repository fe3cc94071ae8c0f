-- splinter 0008 rls_enabled_no_policy: tables of the exposed schemas with no policy at all.
select format('%%I.%%I', n.nspname, c.relname) as offender
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p') and n.nspname = any(%(exposed)s)
   and not exists (select from pg_catalog.pg_policy p where p.polrelid = c.oid)
 order by 1
