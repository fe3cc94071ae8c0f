-- Right after the switch: the impersonated role's own settings (ALTER ROLE ... SET, such as anon's
-- statement_timeout), applied transaction-locally as PostgREST applies them, database-specific ones last; and what
-- the harness checks before it trusts any result: who the session now is, whether it is a superuser or bypasses
-- RLS, and how many of the tested objects (schemas public and private) it owns.
select r.rolname as role,
       r.rolsuper as superuser,
       r.rolbypassrls as bypassrls,
       (select count(*) from pg_catalog.pg_class c
         where c.relowner = r.oid and c.relnamespace::regnamespace::text in ('public', 'private'))
     + (select count(*) from pg_catalog.pg_proc p
         where p.proowner = r.oid and p.pronamespace::regnamespace::text in ('public', 'private')) as owned,
       array(select split_part(c.setting, '=', 1) || '='
                    || pg_catalog.set_config(split_part(c.setting, '=', 1),
                                             substr(c.setting, strpos(c.setting, '=') + 1), true)
               from pg_catalog.pg_db_role_setting s
              cross join lateral unnest(s.setconfig) as c(setting)
              where s.setrole = r.oid
                and s.setdatabase in (0, (select d.oid from pg_catalog.pg_database d
                                           where d.datname = pg_catalog.current_database()))
              order by s.setdatabase)::text[] as applied
  from pg_catalog.pg_roles r
 where r.rolname = current_user
