-- Deleting a tenant deletes all of its data (ON DELETE CASCADE).
delete from public.tenants where id = %(tenant)s
