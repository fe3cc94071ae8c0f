-- A fingerprint of what the suite can observe of the schema: definitions of every object in the schemas the
-- migrations touch, their grants and switches. Rows are not part of it (table_checksum.sql is; the mutation
-- self-tests add it). Two databases with the same rows here have the same schema to the acceptance suite.
with objects as (
    select 'relation' as kind, c.oid::regclass::text as name,
           concat_ws(' | ', c.relkind, c.relrowsecurity, c.relforcerowsecurity, c.reloptions::text, c.relacl::text,
                     case when c.relkind in ('v', 'm') then pg_catalog.pg_get_viewdef(c.oid) end) as definition
      from pg_catalog.pg_class c
     where c.relnamespace::regnamespace::text in ('public', 'private', 'auth') and c.relkind in ('r', 'v', 'm', 'p')
    union all
    select 'column', attrelid::regclass::text || '.' || attname,
           concat_ws(' | ', pg_catalog.format_type(atttypid, atttypmod), attnotnull,
                     pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attacl::text)
      from pg_catalog.pg_attribute a
      left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
     where a.attrelid in (select oid from pg_catalog.pg_class
                           where relnamespace::regnamespace::text in ('public', 'private', 'auth'))
       and a.attnum > 0 and not a.attisdropped
    union all
    select 'index', indexrelid::regclass::text, pg_catalog.pg_get_indexdef(indexrelid)
      from pg_catalog.pg_index
     where indrelid::regclass::text not like 'pg\_%' and indexrelid::regclass::text not like 'pg\_%'
       and indexrelid in (select oid from pg_catalog.pg_class
                           where relnamespace::regnamespace::text in ('public', 'private', 'auth'))
    union all
    select 'constraint', conrelid::regclass::text || '.' || conname,
           pg_catalog.pg_get_constraintdef(oid) || ' | ' || convalidated::text
      from pg_catalog.pg_constraint
     where connamespace::regnamespace::text in ('public', 'private', 'auth')
    union all
    select 'policy', schemaname || '.' || tablename || '.' || policyname,
           concat_ws(' | ', permissive, roles::text, cmd, qual, with_check)
      from pg_catalog.pg_policies
    union all
    select 'trigger', tgrelid::regclass::text || '.' || tgname, pg_catalog.pg_get_triggerdef(oid) || ' | ' || tgenabled::text
      from pg_catalog.pg_trigger where not tgisinternal
    union all
    select 'function', p.oid::regprocedure::text,
           concat_ws(' | ', pg_catalog.pg_get_functiondef(p.oid), p.proacl::text)
      from pg_catalog.pg_proc p
     where p.pronamespace::regnamespace::text in ('public', 'private', 'auth')
)
select kind, name, md5(coalesce(definition, '')) as digest from objects
