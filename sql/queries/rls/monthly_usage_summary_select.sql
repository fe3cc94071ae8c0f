select s.month from public.monthly_usage_summary s where s.tenant_id = %(tenant)s
