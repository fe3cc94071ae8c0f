-- Supabase's RLS guide ("specify roles in your policies"), which splinter checks only through other rules:
-- policies on tables of the exposed schemas that apply to PUBLIC (every role, anon included).
select format('%%I.%%I: %%I', n.nspname, c.relname, p.polname) as offender
  from pg_catalog.pg_policy p
  join pg_catalog.pg_class c on c.oid = p.polrelid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
 where n.nspname = any(%(exposed)s) and 0::oid = any(p.polroles)
 order by 1
