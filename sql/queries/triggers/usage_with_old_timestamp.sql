-- A day's usage last updated in 2000 (see conversation_with_old_timestamp.sql).
insert into public.usage_metrics (tenant_id, user_id, usage_date, created_at, updated_at)
values (%(tenant)s, %(user)s, %(date)s, '2000-01-01 00:00:00+00', '2000-01-01 00:00:00+00')
returning id
