-- The tenant's usage removed inside the test's transaction, so that only the planted days count.
delete from public.usage_metrics where tenant_id = %(tenant)s
