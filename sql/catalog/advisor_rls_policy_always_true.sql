-- splinter 0024 rls_policy_always_true, stricter: a permissive policy for an API role (or PUBLIC) on a table of
-- the exposed schemas whose USING or WITH CHECK is trivially true, or names no column of its row (then it is
-- the same for every row: all rows or none), for every command, SELECT included. A column of the row appears
-- in pg_get_expr() unqualified, or qualified by the table's name inside a sub-select.
with clauses as (
    select c.oid, n.nspname, c.relname, p.polname, p.polroles, clause.kind, clause.expr
      from pg_catalog.pg_policy p
      join pg_catalog.pg_class c on c.oid = p.polrelid
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     cross join lateral (values
         ('USING', pg_catalog.pg_get_expr(p.polqual, p.polrelid)),
         ('WITH CHECK', pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid))
     ) as clause(kind, expr)
     where n.nspname = any(%(exposed)s) and p.polpermissive and clause.expr is not null
)
select format('%%I.%%I: %%I %%s (%%s)', nspname, relname, polname, kind, expr) as offender
  from clauses cl
 where (polroles = array[0::oid]
        or exists (select from unnest(polroles) r where r::regrole::text = any(%(api_roles)s)))
   and (regexp_replace(lower(expr), '\s', '', 'g') = any(%(always_true)s)
        or not exists (
            select from pg_catalog.pg_attribute a
             where a.attrelid = cl.oid and a.attnum > 0 and not a.attisdropped
               and cl.expr ~ ('(^|[^\w.])(' || cl.relname || '\.)?' || a.attname || '($|[^\w(])')))
 order by 1
