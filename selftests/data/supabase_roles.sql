-- Supabase's roles, as a database started by `supabase start` has them: vendored from supabase/postgres at
-- commit 7db7e1a9e34b9ffb9b0e3372ccf08eb4fa772f4b (the statements, in the order the image runs them,
-- each under the path it comes from). Run as the bootstrap superuser `supabase_admin` of a cluster of its
-- own (roles are the cluster's): the cluster-wide part of the init scripts; supabase_init.sql has the rest,
-- and the migrations that change roles. Only the roles and settings the Supabase layer (sql/supabase/) could touch
-- are here; extensions, storage, realtime and the pgsodium/vault roles are left out.
-- selftests/test_supabase_noop.py applies this, then sql/supabase/*.sql, and asserts nothing changed.

-- migrations/db/migrate.sh: the image creates `postgres` as a superuser and runs the init scripts as it;
-- migrations/db/migrations/10000000000000_demote-postgres.sql (in supabase_init.sql) demotes it afterwards.
create role postgres superuser login;
set role postgres;

-- migrations/db/init-scripts/00000000000000-initial-schema.sql
alter user  supabase_admin with superuser createdb createrole replication bypassrls;
create role anon                nologin noinherit;
create role authenticated       nologin noinherit; -- "logged in" user: web_user, app_user, etc
create role service_role        nologin noinherit bypassrls; -- allow developers to create JWT's that bypass their policies
create user authenticator noinherit;
grant anon              to authenticator;
grant authenticated     to authenticator;
grant service_role      to authenticator;
grant supabase_admin    to authenticator;
alter user supabase_admin SET search_path TO public, extensions; -- don't include the "auth" schema
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';

-- migrations/db/init-scripts/00000000000001-auth-schema.sql
CREATE USER supabase_auth_admin NOINHERIT CREATEROLE LOGIN NOREPLICATION;
ALTER USER supabase_auth_admin SET search_path = "auth";

-- migrations/db/init-scripts/00000000000003-post-setup.sql
ALTER ROLE supabase_admin SET search_path TO "\$user",public,auth,extensions;
ALTER ROLE postgres SET search_path TO "\$user",public,extensions;
CREATE ROLE dashboard_user NOSUPERUSER CREATEDB CREATEROLE REPLICATION;

reset role;
