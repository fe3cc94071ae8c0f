-- The owner's tenant row, as the actor sees it.
select t.id from public.tenants t where t.id = %(tenant)s
