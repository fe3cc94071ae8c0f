update public.feedback set rating = 1, comment = 'changed by the access matrix' where id = %(id)s
