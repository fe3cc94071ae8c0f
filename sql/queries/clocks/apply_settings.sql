-- The role's own settings, transaction-locally, in the request's transaction.
select pg_catalog.set_config(s.name, s.value, true)
  from unnest(%(names)s::text[], %(values)s::text[]) as s(name, value)
