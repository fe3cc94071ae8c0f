-- A rating moved to another message, by a user of that message's tenant.
update public.feedback set message_id = %(message)s, user_id = %(user)s where id = %(id)s returning tenant_id
