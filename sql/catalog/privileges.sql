-- Every privilege that the API roles and PUBLIC hold on the objects of schemas public and private: schemas,
-- tables, views, materialized views, sequences, columns (where granted one by one) and functions, one row per
-- (object, grantee, privilege). A NULL ACL is the object kind's default (acldefault): for functions that is
-- EXECUTE to PUBLIC, which a migration must revoke where nobody may call.
with objects(kind, name, acl) as (
    select 'schema', n.nspname::text, coalesce(n.nspacl, pg_catalog.acldefault('n', n.nspowner))
      from pg_catalog.pg_namespace n
     where n.nspname in ('public', 'private')
    union all
    select case c.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'S' then 'sequence'
                          when 'f' then 'foreign table' else 'table' end,
           quote_ident(n.nspname) || '.' || quote_ident(c.relname),
           coalesce(c.relacl, pg_catalog.acldefault((case c.relkind when 'S' then 's' else 'r' end)::"char", c.relowner))
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ('public', 'private') and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
    union all
    select 'column', quote_ident(n.nspname) || '.' || quote_ident(c.relname) || '.' || quote_ident(a.attname), a.attacl
      from pg_catalog.pg_attribute a
      join pg_catalog.pg_class c on c.oid = a.attrelid
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ('public', 'private') and a.attacl is not null and a.attnum > 0 and not a.attisdropped
    union all
    select 'function', quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '(' || pg_catalog.oidvectortypes(p.proargtypes) || ')',
           coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner))
      from pg_catalog.pg_proc p
      join pg_catalog.pg_namespace n on n.oid = p.pronamespace
     where n.nspname in ('public', 'private')
)
select o.kind || ' ' || o.name as object,
       case when g.grantee = 0 then 'PUBLIC' else g.grantee::regrole::text end as grantee,
       g.privilege_type as privilege
  from objects o
 cross join lateral pg_catalog.aclexplode(o.acl) g
 where g.grantee = 0 or g.grantee::regrole::text = any(%(grantees)s)
 order by 1, 2, 3
