select sum(request_count), sum(total_tokens), sum(cost_usd) from usage_metrics
 where tenant_id = %(tenant)s and usage_date >= date_trunc('month', current_date)::date
