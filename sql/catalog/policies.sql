-- Policies of a table: name, command, roles, permissive or restrictive, and whether each clause exists.
select p.policyname as name, p.cmd as command, p.roles::text[] as roles, p.permissive,
       p.qual is not null as has_using, p.with_check is not null as has_with_check
  from pg_catalog.pg_policies p
 where p.schemaname = %(schema)s and p.tablename = %(table)s
