-- splinter 0007 policy_exists_rls_disabled: policies that protect nothing because RLS is off on their table.
select format('%%I.%%I (%%s)', n.nspname, c.relname, string_agg(p.polname, ', ' order by p.polname)) as offender
  from pg_catalog.pg_policy p
  join pg_catalog.pg_class c on c.oid = p.polrelid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
 where n.nspname = any(%(own)s) and not c.relrowsecurity
 group by n.nspname, c.relname
 order by 1
