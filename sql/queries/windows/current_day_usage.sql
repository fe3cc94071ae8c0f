-- The tenant's rows of current_day_usage, as requests.
select request_count from public.current_day_usage where tenant_id = %(tenant)s
