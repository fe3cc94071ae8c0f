-- What the access matrix must cover: every relation and function in the exposed schemas, and every function
-- outside Supabase's own schemas that a policy calls (the helpers RLS depends on).
select n.nspname || '.' || c.relname as name
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
 where n.nspname = any(%(exposed)s) and c.relkind in ('r', 'p', 'v', 'm', 'f')
union
select n.nspname || '.' || p.proname
  from pg_catalog.pg_proc p
  join pg_catalog.pg_namespace n on n.oid = p.pronamespace
 where n.nspname = any(%(exposed)s)
union
select n.nspname || '.' || p.proname
  from pg_catalog.pg_depend d
  join pg_catalog.pg_proc p on p.oid = d.refobjid
  join pg_catalog.pg_namespace n on n.oid = p.pronamespace
 where d.classid = 'pg_catalog.pg_policy'::regclass and d.refclassid = 'pg_catalog.pg_proc'::regclass
   and n.nspname <> all(%(not_ours)s)
