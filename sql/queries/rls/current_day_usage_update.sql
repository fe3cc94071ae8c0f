-- The owner's usage today, changed through the view.
update public.current_day_usage set request_count = request_count + 1 where tenant_id = %(tenant)s and user_id = %(owner)s
