-- POST /rest/v1/rpc/increment_usage_metrics
select request_count, input_tokens, output_tokens, cost_usd
  from public.increment_usage_metrics(%(tenant)s, %(user)s, current_date, %(input)s, %(output)s, %(cost)s)
