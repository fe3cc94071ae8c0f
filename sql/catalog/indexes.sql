-- Indexes of a relation with their definition and uniqueness.
select i.indexname as name, x.indisunique as is_unique, i.indexdef as definition
  from pg_catalog.pg_indexes i
  join pg_catalog.pg_class c on c.relname = i.indexname
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace and n.nspname = i.schemaname
  join pg_catalog.pg_index x on x.indexrelid = c.oid
 where i.schemaname = %(schema)s and i.tablename = %(table)s
