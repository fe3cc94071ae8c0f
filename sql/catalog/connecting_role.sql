-- The connecting role's attributes, read-only: what the target kinds need from it (contract/lifecycle.toml,
-- [preflight.needs]). `switchable` lists the API roles it may SET ROLE to, as the RLS tests do; a role that does
-- not exist is neither switchable nor refused here (the pre-flight test names missing API roles).
select r.rolname as name,
       r.rolsuper as superuser,
       r.rolcreatedb as createdb,
       r.rolcreaterole as createrole,
       r.rolbypassrls as bypassrls,
       array(select a.rolname from pg_catalog.pg_roles a
              where a.rolname in ('anon', 'authenticated', 'service_role')
                and pg_catalog.pg_has_role(r.oid, a.oid, 'MEMBER')
              order by a.rolname)::text[] as switchable,
       array(select a.rolname from pg_catalog.pg_roles a
              where a.rolname in ('anon', 'authenticated', 'service_role')
                and not pg_catalog.pg_has_role(r.oid, a.oid, 'MEMBER')
              order by a.rolname)::text[] as not_switchable
  from pg_catalog.pg_roles r
 where r.rolname = current_user
