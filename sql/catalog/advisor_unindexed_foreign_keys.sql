-- splinter 0001 unindexed_foreign_keys: foreign keys of our schemas without a valid index that starts with
-- their first column and holds all of them as keys (deleting a parent row, a tenant's cascade, then scans the
-- whole child table). Splinter asks for the columns as the index's exact prefix; ours also accepts
-- messages (conversation_id, created_at, tenant_id) for (conversation_id, tenant_id): the lookup is an index
-- range on conversation_id with tenant_id checked in the index (splinter reports it at level INFO).
select format('%%I.%%I: %%I', n.nspname, c.relname, k.conname) as offender
  from pg_catalog.pg_constraint k
  join pg_catalog.pg_class c on c.oid = k.conrelid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
 where k.contype = 'f' and n.nspname = any(%(own)s)
   and not exists (
       select from pg_catalog.pg_index i
        where i.indrelid = k.conrelid and i.indisvalid
          and (string_to_array(i.indkey::text, ' ')::smallint[])[1] = k.conkey[1]
          and (string_to_array(i.indkey::text, ' ')::smallint[])[1:i.indnkeyatts] @> k.conkey
   )
 order by 1
