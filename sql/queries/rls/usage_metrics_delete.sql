delete from public.usage_metrics where id = %(id)s
