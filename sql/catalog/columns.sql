-- Columns of a table: name, type as PostgreSQL prints it, nullability.
select a.attname as name,
       pg_catalog.format_type(a.atttypid, a.atttypmod) as type,
       a.attnotnull as not_null
  from pg_catalog.pg_attribute a
 where a.attrelid = to_regclass(%(relation)s)
   and a.attnum > 0 and not a.attisdropped
 order by a.attnum
