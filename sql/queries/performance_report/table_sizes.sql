-- Performance Observations - table sizes: the four tables' rows (estimated by ANALYZE), total size and index size.
select c.relname, c.reltuples::bigint, pg_size_pretty(pg_total_relation_size(c.oid)), pg_size_pretty(pg_indexes_size(c.oid))
  from pg_class c
 where c.relnamespace = 'public'::regnamespace
   and c.relname in ('conversations', 'messages', 'feedback', 'usage_metrics')
 order by pg_total_relation_size(c.oid) desc
