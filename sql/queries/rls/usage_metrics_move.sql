-- Hand a usage row to another tenant and/or user.
update public.usage_metrics set tenant_id = %(tenant)s, user_id = %(user)s where id = %(id)s
