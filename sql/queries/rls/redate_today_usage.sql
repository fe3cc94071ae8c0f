-- The seed's "today" usage rows moved to today, when the seed was loaded on an earlier day (staging).
update public.usage_metrics set usage_date = current_date where id = any(%(today)s::uuid[]) and usage_date <> current_date
