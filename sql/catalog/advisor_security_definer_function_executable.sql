-- splinter 0028/0029 anon_/authenticated_security_definer_function_executable: security definer functions in
-- the given schemas that the given role may execute.
select format('%%I.%%I(%%s)', n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid)) as offender
  from pg_catalog.pg_proc p
  join pg_catalog.pg_namespace n on n.oid = p.pronamespace
 where p.prosecdef and n.nspname = any(%(schemas)s)
   and pg_catalog.has_function_privilege(%(role)s, p.oid, 'EXECUTE')
 order by 1
