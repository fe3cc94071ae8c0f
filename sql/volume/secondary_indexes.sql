-- The public tables' indexes that no constraint owns, with their definitions: the volume load drops them,
-- loads, and builds each table's again from these definitions once its rows are written (one sort per index
-- instead of a million insertions).
select format('%I.%I', n.nspname, ci.relname) as name, format('%I.%I', tn.nspname, t.relname) as table_name,
       pg_get_indexdef(i.indexrelid) as definition
  from pg_index i
  join pg_class ci on ci.oid = i.indexrelid
  join pg_namespace n on n.oid = ci.relnamespace
  join pg_class t on t.oid = i.indrelid
  join pg_namespace tn on tn.oid = t.relnamespace
 where n.nspname = 'public'
   and t.relkind = 'r'
   and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
 order by 1
