-- splinter 0013 rls_disabled_in_public, for every table of the exposed schemas (not only those the API roles
-- can read today): tables whose rows RLS does not protect.
select format('%%I.%%I', n.nspname, c.relname) as offender
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p') and n.nspname = any(%(exposed)s) and not c.relrowsecurity
 order by 1
