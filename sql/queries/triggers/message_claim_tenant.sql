-- A message whose tenant_id alone is changed.
update public.messages set tenant_id = %(tenant)s where id = %(id)s returning tenant_id
