-- A generated user: the Supabase identity and the application user of a tenant, in one statement.
with identity as (insert into auth.users (id, email) values (%(id)s, %(email)s))
insert into public.users (id, tenant_id, email) values (%(id)s, %(tenant)s, %(email)s)
