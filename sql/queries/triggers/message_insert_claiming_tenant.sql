-- A message whose writer claims a tenant.
insert into public.messages (conversation_id, tenant_id, role, content)
values (%(conversation)s, %(tenant)s, 'user', 'x')
returning tenant_id
