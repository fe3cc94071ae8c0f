delete from public.conversations where id = %(id)s
