-- Constraints of a table: name, kind (p, u, c, f), columns, and for foreign keys the target and actions.
select c.conname as name,
       c.contype::text as kind,
       array(select a.attname from unnest(c.conkey) with ordinality k(attnum, ord)
               join pg_catalog.pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
              order by k.ord)::text[] as columns,
       (select n.nspname || '.' || r.relname from pg_catalog.pg_class r
          join pg_catalog.pg_namespace n on n.oid = r.relnamespace where r.oid = c.confrelid) as references_table,
       array(select a.attname from unnest(c.confkey) with ordinality k(attnum, ord)
               join pg_catalog.pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum
              order by k.ord)::text[] as references_columns,
       case c.confdeltype when 'c' then 'CASCADE' when 'n' then 'SET NULL' when 'd' then 'SET DEFAULT'
                          when 'r' then 'RESTRICT' when 'a' then 'NO ACTION' end as on_delete,
       case c.confmatchtype when 'f' then 'FULL' when 's' then 'SIMPLE' when 'p' then 'PARTIAL' end as match,
       c.convalidated as validated,
       pg_catalog.pg_get_constraintdef(c.oid) as definition
  from pg_catalog.pg_constraint c
 where c.conrelid = to_regclass(%(relation)s)
