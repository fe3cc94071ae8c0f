-- The owner's tenant's feedback, as the actor sees it.
select f.id from public.feedback f where f.tenant_id = %(tenant)s
