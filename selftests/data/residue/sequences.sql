-- Residue facet `sequences`: every sequence's definition and position. nextval() is never rolled back, so
-- a rolled-back insert into a table with a serial or identity column still moves its sequence.
-- last_value is null while the sequence is not called (is_called false); the position is read as superuser.
select format('sequence %I.%I', schemaname, sequencename) as key,
       concat_ws(' | ', sequenceowner, data_type, start_value, min_value, max_value, increment_by, cycle,
                 cache_size, 'last_value ' || coalesce(last_value::text, 'null'),
                 'is_called ' || (last_value is not null)) as state
  from pg_catalog.pg_sequences
 where schemaname not like 'pg\_temp\_%'
