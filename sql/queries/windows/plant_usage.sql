-- One day's usage of a user, planted by a window test.
insert into public.usage_metrics (tenant_id, user_id, usage_date, request_count)
values (%(tenant)s, %(user)s, %(day)s, %(requests)s)
