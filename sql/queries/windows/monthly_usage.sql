-- The tenant's months in monthly_usage_summary, with their requests.
select month, request_count from public.monthly_usage_summary where tenant_id = %(tenant)s
