delete from public.users where id = %(owner)s
