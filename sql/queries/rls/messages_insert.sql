-- A new message in the given conversation; tenant_id is what the writer claims (the trigger decides).
insert into public.messages (id, conversation_id, tenant_id, role, content)
values (%(new_id)s, %(conversation)s, %(claimed_tenant)s, 'user', 'written by the access matrix')
