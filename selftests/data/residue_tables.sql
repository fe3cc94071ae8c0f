-- The tables and materialized views whose rows the residue snapshot checksums (sql/catalog/table_checksum.sql):
-- every one outside the system schemas, so the exposed schema `public`, and `auth` and `private` with it.
-- A materialized view created WITH NO DATA cannot be read; the snapshot records that it is not populated.
select format('%I.%I', n.nspname, c.relname) as name, n.nspname as schema, c.relname as relation,
       c.relispopulated as populated
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p', 'm')
   and n.nspname not in ('pg_catalog', 'information_schema')
   and n.nspname not like 'pg\_toast%' and n.nspname not like 'pg\_temp\_%'
 order by 1
