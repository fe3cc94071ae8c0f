update public.users set display_name = 'Renamed by the access matrix' where id = %(owner)s
