-- The owner's tenant's messages, as the actor sees them.
select m.id from public.messages m where m.tenant_id = %(tenant)s
