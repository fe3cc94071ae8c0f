-- Ends a write request's impersonation inside the test's transaction (SET LOCAL survives a released savepoint):
-- the request's settings and the role's own ones go back to the session's values, still transaction-locally.
select pg_catalog.set_config(n.name, coalesce(s.reset_val, ''), true)
  from unnest(%(names)s::text[]) as n(name)
  left join pg_catalog.pg_settings s on s.name = n.name
