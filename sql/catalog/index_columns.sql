-- An index's key columns in order, "desc" where it stores them descending (included columns left out).
select a.attname || case when (i.indoption[k.n - 1] & 1) = 1 then ' desc' else '' end as key
  from pg_catalog.pg_index i
 cross join lateral unnest(i.indkey::smallint[]) with ordinality as k(attnum, n)
  join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
 where i.indexrelid = to_regclass(%(index)s)
   and k.n <= i.indnkeyatts
 order by k.n
