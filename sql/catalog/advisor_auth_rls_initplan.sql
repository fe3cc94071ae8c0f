-- splinter 0003 auth_rls_initplan, counted: in every policy clause of the exposed schemas, each call of a
-- per-request function (auth.uid(), the tenant helper, ...) is wrapped in a sub-select, so that it runs once
-- per statement (an InitPlan), not once per row. Lists each clause with more calls than wrapped calls.
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
), calls as (
    select cl.*, f.name,
           regexp_count(cl.expr, '(?<![\w.])' || replace(f.name, '.', '\.') || '\(') as called,
           regexp_count(cl.expr, '\(\s*SELECT\s+' || replace(f.name, '.', '\.') || '\(\)(\s+AS\s+\w+)?\s*\)', 1, 'i')
               as wrapped
      from clauses cl
     cross join unnest(%(functions)s::text[]) as f(name)
)
select format('%%I.%%I: %%I %%s calls %%s() %%s times, %%s of them wrapped', nspname, relname, polname, kind, name,
              called, wrapped) as offender
  from calls
 where called > wrapped
 order by 1
