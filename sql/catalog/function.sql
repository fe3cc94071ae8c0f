-- Functions by schema and name: identity arguments, result type, security and configuration.
select p.proname as name,
       pg_catalog.pg_get_function_identity_arguments(p.oid) as arguments,
       pg_catalog.format_type(p.prorettype, null) as returns,
       p.prosecdef as security_definer,
       coalesce(p.proconfig, '{}') as config,
       l.lanname as language
  from pg_catalog.pg_proc p
  join pg_catalog.pg_language l on l.oid = p.prolang
 where p.pronamespace = to_regnamespace(%(schema)s) and p.proname = %(name)s
