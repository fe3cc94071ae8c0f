-- A table's whole content in one value, read by the connecting role (which RLS does not filter): equal
-- fingerprints before and after a refused write mean nothing was written.
select count(*), md5(coalesce(string_agg(t::text, E'\n' order by t::text), '')) from {table} t
