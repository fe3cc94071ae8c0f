-- splinter 0001 unindexed_foreign_keys: foreign keys of our schemas whose columns do not lead any valid index
-- (deleting a parent row, a tenant's cascade, then scans the whole child table).
select format('%%I.%%I: %%I', n.nspname, c.relname, k.conname) as offender
  from pg_catalog.pg_constraint k
  join pg_catalog.pg_class c on c.oid = k.conrelid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
 where k.contype = 'f' and n.nspname = any(%(own)s)
   and not exists (
       select from pg_catalog.pg_index i
        where i.indrelid = k.conrelid and i.indisvalid
          and (string_to_array(i.indkey::text, ' ')::smallint[])[1:cardinality(k.conkey)] @> k.conkey
          and (string_to_array(i.indkey::text, ' ')::smallint[])[1:cardinality(k.conkey)] <@ k.conkey
   )
 order by 1
