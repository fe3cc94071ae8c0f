-- A rating whose writer claims a tenant.
insert into public.feedback (message_id, user_id, tenant_id, rating)
values (%(message)s, %(user)s, %(tenant)s, 3)
returning tenant_id
