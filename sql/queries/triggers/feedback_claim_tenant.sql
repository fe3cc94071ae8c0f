-- A rating whose tenant_id alone is changed.
update public.feedback set tenant_id = %(tenant)s where id = %(id)s returning tenant_id
