-- Claim another tenant for a rating.
update public.feedback set tenant_id = %(claimed_tenant)s where id = %(id)s
