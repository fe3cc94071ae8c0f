update public.tenants set name = 'Renamed by the access matrix' where id = %(tenant)s
