-- The policies that apply to one command of one role on a table: what a failing cell of the matrix shows.
select policyname as name, permissive, roles::text as roles, cmd as command, qual as using, with_check
  from pg_catalog.pg_policies
 where schemaname = 'public' and tablename = %(table)s
   and cmd in (%(command)s, 'ALL')
   and (%(role)s = any(roles) or 'public' = any(roles))
 order by policyname
