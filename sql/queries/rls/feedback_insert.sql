-- The given user rates the given message; tenant_id is what the writer claims (the trigger decides).
insert into public.feedback (id, message_id, tenant_id, user_id, rating)
values (%(new_id)s, %(message)s, %(claimed_tenant)s, %(user)s, 4)
