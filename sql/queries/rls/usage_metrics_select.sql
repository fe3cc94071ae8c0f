-- The owner's tenant's usage rows, as the actor sees them.
select u.id from public.usage_metrics u where u.tenant_id = %(tenant)s
