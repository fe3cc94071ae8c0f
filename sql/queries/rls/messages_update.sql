update public.messages set content = 'edited by the access matrix' where id = %(id)s
