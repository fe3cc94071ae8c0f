-- A role's own settings (ALTER ROLE ... SET, such as anon's statement_timeout), database-specific ones last: what
-- PostgREST reads once into its cache and then sends with every request's transaction-scoped settings.
select split_part(c.setting, '=', 1) as name, substr(c.setting, strpos(c.setting, '=') + 1) as value
  from pg_catalog.pg_db_role_setting s
 cross join lateral unnest(s.setconfig) as c(setting)
 where s.setrole = (select r.oid from pg_catalog.pg_roles r where r.rolname = %(role)s)
   and s.setdatabase in (0, (select d.oid from pg_catalog.pg_database d where d.datname = pg_catalog.current_database()))
 order by s.setdatabase
