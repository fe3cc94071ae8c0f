-- The project's own rule beside splinter's: on a table of the exposed schemas that has a tenant column, every
-- clause of every policy compares that column with the tenant helper, wrapped in a sub-select. Where another
-- condition implies the tenant (the row's owner), no request can tell a dropped tenant condition; this can.
with clauses as (
    select n.nspname, c.relname, p.polname, clause.kind, clause.expr
      from pg_catalog.pg_policy p
      join pg_catalog.pg_class c on c.oid = p.polrelid
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     cross join lateral (values
         ('USING', pg_catalog.pg_get_expr(p.polqual, p.polrelid)),
         ('WITH CHECK', pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid))
     ) as clause(kind, expr)
     where n.nspname = any(%(exposed)s) and clause.expr is not null
       and exists (select from pg_catalog.pg_attribute a
                    where a.attrelid = c.oid and a.attname = %(tenant_column)s and not a.attisdropped)
)
select format('%%I.%%I: %%I %%s', nspname, relname, polname, kind) as offender
  from clauses
 where expr !~ ('(^|[^\w.])' || %(tenant_column)s || ' = \( SELECT ' || replace(%(tenant_function)s, '.', '\.') || '\(\)')
 order by 1
