-- The owner's usage today, deleted through the view.
delete from public.current_day_usage where tenant_id = %(tenant)s and user_id = %(owner)s
