-- A checksum of one table's rows, independent of their physical order. The table name is an identifier
-- composed by the caller with psycopg.sql.
select count(*) as row_count, md5(coalesce(string_agg(t::text, ',' order by t::text), '')) as digest
  from {table} t
