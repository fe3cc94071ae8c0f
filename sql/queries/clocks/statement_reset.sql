-- Forget what pg_stat_statements knows of one statement as run by one role in this database, before it is timed.
select pg_stat_statements_reset((select r.oid from pg_catalog.pg_roles r where r.rolname = %(role)s),
                                (select d.oid from pg_catalog.pg_database d where d.datname = current_database()),
                                %(queryid)s)
