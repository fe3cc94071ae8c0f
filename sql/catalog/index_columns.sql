-- An index's columns in order: its key columns ("desc" where it stores them descending), then its included ones
-- (INCLUDE: stored in the leaf entries, not part of the key), each marked by `included`.
select a.attname || case when (i.indoption[k.n - 1] & 1) = 1 then ' desc' else '' end as key,
       k.n > i.indnkeyatts as included
  from pg_catalog.pg_index i
 cross join lateral unnest(i.indkey::smallint[]) with ordinality as k(attnum, n)
  join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
 where i.indexrelid = to_regclass(%(index)s)
 order by k.n
