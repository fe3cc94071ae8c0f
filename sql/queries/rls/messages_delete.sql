delete from public.messages where id = %(id)s
