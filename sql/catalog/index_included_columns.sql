-- An index's included columns (INCLUDE: stored in its leaf entries, not part of the key), in order.
select a.attname as name
  from pg_catalog.pg_index i
 cross join lateral unnest(i.indkey::smallint[]) with ordinality as k(attnum, n)
  join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
 where i.indexrelid = to_regclass(%(index)s)
   and k.n > i.indnkeyatts
 order by k.n
