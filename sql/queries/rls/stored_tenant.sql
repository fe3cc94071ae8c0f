-- The tenant a row ended up in, read by the connecting role.
select t.tenant_id from {table} t where t.id = %(id)s
