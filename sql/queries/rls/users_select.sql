-- The users of the owner's tenant, as the actor sees them.
select u.id from public.users u where u.tenant_id = %(tenant)s
