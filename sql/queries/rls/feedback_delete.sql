delete from public.feedback where id = %(id)s
