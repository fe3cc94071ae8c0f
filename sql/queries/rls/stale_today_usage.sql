-- How many of the seed's "today" usage rows are from another day (a staging seed loaded earlier).
select count(*) from public.usage_metrics u where u.id = any(%(today)s::uuid[]) and u.usage_date <> current_date
