update public.usage_metrics set request_count = request_count + 1 where id = %(id)s
