-- Claim another tenant for a message.
update public.messages set tenant_id = %(claimed_tenant)s where id = %(id)s
