-- Residue facet `objects`: every object of the database outside the system schemas, with its owner, its
-- grants and what defines it, as (key, state) rows. Statistics (reltuples, pg_stat_*, pg_statistic) and
-- physical identity (relfilenode, OIDs) are left out: a read-only or rolled-back run may change them.
-- Temporary schemas (pg_temp_N) are per-backend slots that outlive their tables; they are not user objects.
with namespaces as (
    select oid, nspname
      from pg_catalog.pg_namespace
     where nspname not in ('pg_catalog', 'information_schema')
       and nspname not like 'pg\_toast%' and nspname not like 'pg\_temp\_%'
)
select 'schema ' || n.nspname as key,
       concat_ws(' | ', s.nspowner::regrole, s.nspacl::text) as state
  from namespaces n join pg_catalog.pg_namespace s on s.oid = n.oid
union all
select format('relation %s %I.%I', c.relkind::text, n.nspname, c.relname),
       concat_ws(' | ', c.relowner::regrole, c.relacl::text, c.reloptions::text, c.relpersistence,
                 c.relrowsecurity, c.relforcerowsecurity, c.relreplident, c.relispartition,
                 case when c.relkind in ('v', 'm') then md5(pg_catalog.pg_get_viewdef(c.oid)) end,
                 case when c.relkind = 'i' then md5(pg_catalog.pg_get_indexdef(c.oid)) end)
  from pg_catalog.pg_class c join namespaces n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f', 'i', 'I')
union all
select format('column %I.%I.%I', n.nspname, c.relname, a.attname),
       concat_ws(' | ', pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attacl::text,
                 md5(pg_catalog.pg_get_expr(d.adbin, d.adrelid)))
  from pg_catalog.pg_attribute a
  join pg_catalog.pg_class c on c.oid = a.attrelid
  join namespaces n on n.oid = c.relnamespace
  left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
 where c.relkind in ('r', 'p', 'v', 'm', 'f') and a.attnum > 0 and not a.attisdropped
union all
select 'function ' || p.oid::regprocedure::text,
       concat_ws(' | ', p.proowner::regrole, p.proacl::text, p.prokind, p.prosecdef, p.provolatile,
                 p.proleakproof, p.proconfig::text, md5(p.prosrc))
  from pg_catalog.pg_proc p join namespaces n on n.oid = p.pronamespace
union all
select format('type %I.%I', n.nspname, t.typname),
       concat_ws(' | ', t.typowner::regrole, t.typacl::text, t.typtype)
  from pg_catalog.pg_type t join namespaces n on n.oid = t.typnamespace
 where t.typtype in ('b', 'd', 'e', 'r', 'm')
    or (t.typtype = 'c' and (select relkind from pg_catalog.pg_class where oid = t.typrelid) = 'c')
union all
select format('constraint %I.%s', n.nspname, co.conname || ' on ' || co.conrelid::regclass::text),
       concat_ws(' | ', md5(pg_catalog.pg_get_constraintdef(co.oid)), co.convalidated)
  from pg_catalog.pg_constraint co join namespaces n on n.oid = co.connamespace
union all
select format('policy %s.%I', po.polrelid::regclass, po.polname),
       concat_ws(' | ', po.polcmd, po.polpermissive, po.polroles::regrole[]::text,
                 md5(pg_catalog.pg_get_expr(po.polqual, po.polrelid)),
                 md5(pg_catalog.pg_get_expr(po.polwithcheck, po.polrelid)))
  from pg_catalog.pg_policy po
union all
select format('trigger %s.%I', tg.tgrelid::regclass, tg.tgname),
       concat_ws(' | ', md5(pg_catalog.pg_get_triggerdef(tg.oid)), tg.tgenabled)
  from pg_catalog.pg_trigger tg
 where not tg.tgisinternal
union all
select 'extension ' || e.extname, concat_ws(' | ', e.extversion, e.extnamespace::regnamespace, e.extowner::regrole)
  from pg_catalog.pg_extension e
union all
select 'event trigger ' || evtname, concat_ws(' | ', evtevent, evtenabled, evtfoid::regproc, evtowner::regrole)
  from pg_catalog.pg_event_trigger
union all
select 'publication ' || pubname, concat_ws(' | ', pubowner::regrole, puballtables, pubinsert, pubupdate, pubdelete)
  from pg_catalog.pg_publication
union all
select format('default privileges of %s in %s on %s', defaclrole::regrole,
              coalesce(nullif(defaclnamespace, 0)::regnamespace::text, 'every schema'), defaclobjtype::text),
       defaclacl::text
  from pg_catalog.pg_default_acl
union all
-- Comments on objects made after initdb: the first OID a user object can get is 16384.
select format('comment on %s %s', o.type, o.identity), md5(d.description)
  from pg_catalog.pg_description d,
       lateral pg_catalog.pg_identify_object(d.classoid, d.objoid, d.objsubid) o
 where d.objoid >= 16384
union all
select 'large objects', count(*)::text
  from pg_catalog.pg_largeobject_metadata
