-- The user's usage this calendar month (next month's first day, already today somewhere east, is not in it).
select sum(request_count), sum(total_tokens), sum(cost_usd) from usage_metrics
 where user_id = %(user)s and usage_date >= date_trunc('month', current_date)::date
   and usage_date < (date_trunc('month', current_date) + interval '1 month')::date
