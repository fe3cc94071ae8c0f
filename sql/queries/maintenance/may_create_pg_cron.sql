-- Whether the connecting role may create pg_cron: a superuser may; on Supabase, so may postgres, because supautils
-- lists pg_cron among its privileged extensions. Asked before the suite creates pg_cron's database: once that
-- database exists, pg_cron's launcher (a superuser's background worker) connects to it, and a role that could not
-- create the extension could not end that session to drop the database again either.
select r.rolsuper
       or coalesce(pg_catalog.current_setting('supautils.privileged_extensions', true), '')
          ~ '(^|,)\s*pg_cron\s*(,|$)' as may_create
  from pg_catalog.pg_roles r
 where r.rolname = current_user
