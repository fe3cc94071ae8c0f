-- A table's columns with their types as a cast writes them (numeric(14,6), timestamp with time zone): the volume
-- load's binary COPY must send each value in exactly its column's type.
select a.attname as name, pg_catalog.format_type(a.atttypid, a.atttypmod) as type
  from pg_catalog.pg_attribute a
 where a.attrelid = to_regclass(%(table)s)
   and a.attnum > 0
   and not a.attisdropped
 order by a.attnum
