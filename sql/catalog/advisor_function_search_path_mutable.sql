-- splinter 0011 function_search_path_mutable: functions of our schemas that run with the caller's search_path
-- (a security definer one can then be made to call an attacker's objects).
select format('%%I.%%I(%%s)', n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid)) as offender
  from pg_catalog.pg_proc p
  join pg_catalog.pg_namespace n on n.oid = p.pronamespace
 where n.nspname = any(%(own)s)
   and not exists (select from pg_catalog.pg_depend d where d.objid = p.oid and d.deptype = 'e')
   and not exists (select from unnest(coalesce(p.proconfig, '{}')) cfg where cfg like 'search_path=%%')
 order by 1
