-- Hand a conversation to another tenant and/or user.
update public.conversations set tenant_id = %(tenant)s, user_id = %(user)s where id = %(id)s
