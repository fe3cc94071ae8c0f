-- The application's one way to record usage: one request of the given user in the given tenant, today.
select u.id from public.increment_usage_metrics(%(tenant)s, %(user)s, current_date, 100, 200, 0.015) u
