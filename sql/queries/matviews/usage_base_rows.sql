-- The base rows monthly_usage_summary aggregates.
select tenant_id, user_id, usage_date, request_count, input_tokens, output_tokens, cost_usd from public.usage_metrics
