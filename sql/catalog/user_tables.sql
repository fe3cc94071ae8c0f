-- The database's own tables and materialized views, largest first: the volume load vacuums and analyses them
-- `parts` at a time (contract/volume.toml), the largest first so that the others take the rest meanwhile.
select pg_catalog.format('%I.%I', n.nspname, c.relname)
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'm')
   and n.nspname not in ('pg_catalog', 'information_schema')
   and n.nspname !~ '^pg_(toast|temp)'
 order by pg_catalog.pg_relation_size(c.oid) desc, 1
