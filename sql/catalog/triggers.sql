-- User triggers of a table: name, timing, events, the columns an UPDATE trigger is limited to (UPDATE OF ...;
-- none: every column), level and the function they run.
select t.tgname as name,
       case when t.tgtype & 2 <> 0 then 'BEFORE' when t.tgtype & 64 <> 0 then 'INSTEAD OF' else 'AFTER' end as timing,
       array_remove(array[
           case when t.tgtype & 4 <> 0 then 'INSERT' end,
           case when t.tgtype & 16 <> 0 then 'UPDATE' end,
           case when t.tgtype & 8 <> 0 then 'DELETE' end,
           case when t.tgtype & 32 <> 0 then 'TRUNCATE' end], null) as events,
       array(select a.attname from unnest(t.tgattr::int2[]) with ordinality k(attnum, ord)
               join pg_catalog.pg_attribute a on a.attrelid = t.tgrelid and a.attnum = k.attnum
              order by k.ord)::text[] as columns,
       case when t.tgtype & 1 <> 0 then 'ROW' else 'STATEMENT' end as level,
       p.pronamespace::regnamespace::text || '.' || p.proname as function,
       t.tgenabled <> 'D' as enabled
  from pg_catalog.pg_trigger t
  join pg_catalog.pg_proc p on p.oid = t.tgfoid
 where t.tgrelid = to_regclass(%(relation)s) and not t.tgisinternal
