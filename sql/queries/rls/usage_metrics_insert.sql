insert into public.usage_metrics (id, tenant_id, user_id, usage_date, request_count)
values (%(new_id)s, %(tenant)s, %(user)s, %(date)s, 1)
