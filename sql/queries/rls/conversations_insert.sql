-- A new conversation of the given user in the given tenant.
insert into public.conversations (id, tenant_id, user_id, title) values (%(new_id)s, %(tenant)s, %(user)s, 'access matrix')
