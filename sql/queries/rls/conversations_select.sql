-- The owner's tenant's conversations, as the actor sees them.
select c.id from public.conversations c where c.tenant_id = %(tenant)s
