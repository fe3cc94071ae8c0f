select * from monthly_usage_summary where tenant_id = %(tenant)s and month = date_trunc('month', current_date)::date
