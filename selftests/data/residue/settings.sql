-- Residue facet `settings` (cluster-wide, statistics-independent): the databases with their owners, grants
-- and switches; settings stored per database and per role (ALTER DATABASE/ROLE ... SET); the configuration
-- files, which ALTER SYSTEM writes; tablespaces, prepared transactions and replication slots, which outlive
-- the session that made them. Counters and sizes are left out on purpose.
select 'database ' || d.datname as key,
       concat_ws(' | ', d.datdba::regrole, d.datacl::text, d.datistemplate, d.datallowconn, d.datconnlimit,
                 pg_catalog.pg_encoding_to_char(d.encoding), d.datcollate, d.datctype, t.spcname) as state
  from pg_catalog.pg_database d join pg_catalog.pg_tablespace t on t.oid = d.dattablespace
union all
select format('stored setting for database %s, role %s',
              coalesce((select datname from pg_catalog.pg_database where oid = s.setdatabase), 'any'),
              coalesce((select rolname from pg_catalog.pg_roles where oid = s.setrole), 'any')),
       s.setconfig::text
  from pg_catalog.pg_db_role_setting s
union all
select format('configuration file %s line %s: %s', regexp_replace(sourcefile, '^.*/', ''), sourceline, name),
       concat_ws(' | ', setting, applied, error)
  from pg_catalog.pg_file_settings
union all
select 'tablespace ' || spcname, concat_ws(' | ', spcowner::regrole, spcacl::text, spcoptions::text)
  from pg_catalog.pg_tablespace
union all
select 'prepared transaction ' || gid, concat_ws(' | ', database, owner)
  from pg_catalog.pg_prepared_xacts
union all
select 'replication slot ' || slot_name, concat_ws(' | ', plugin, slot_type, database, temporary)
  from pg_catalog.pg_replication_slots
