-- Residue facet `roles` (cluster-wide): every role with its attributes and role-level settings, and every
-- membership. A role a test creates and forgets, or an attribute it changes, stays behind after the run.
select 'role ' || rolname as key,
       concat_ws(' | ', rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication,
                 rolbypassrls, rolconnlimit, rolvaliduntil, rolconfig::text) as state
  from pg_catalog.pg_roles
union all
select format('membership %s in %s', member::regrole, roleid::regrole),
       concat_ws(' | ', 'admin option ' || admin_option, 'granted by ' || grantor::regrole)
  from pg_catalog.pg_auth_members
