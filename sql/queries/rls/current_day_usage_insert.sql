-- Usage of the given user in the given tenant, written through the (automatically updatable) view.
insert into public.current_day_usage (tenant_id, user_id, usage_date, request_count)
values (%(tenant)s, %(user)s, %(date)s, 1)
