-- The transaction-scoped settings PostgREST sends before a request's query (PostgREST's references/transactions),
-- in its order: the search path, the role to impersonate, the JWT's whole claim set, the request's method, path,
-- headers and cookies. `transaction_read_only` stands for its START TRANSACTION READ ONLY (GET and HEAD), which
-- the harness cannot send inside the test's own transaction; NULL leaves the mode as it is (a production target's
-- transactions are read-only throughout, and read-write cannot be set after the first query).
select pg_catalog.set_config('transaction_read_only',
                             coalesce(%(read_only)s, pg_catalog.current_setting('transaction_read_only')), true),
       pg_catalog.set_config('search_path', %(search_path)s, true),
       pg_catalog.set_config('role', %(role)s, true),
       pg_catalog.set_config('request.jwt.claims', %(claims)s, true),
       pg_catalog.set_config('request.method', %(method)s, true),
       pg_catalog.set_config('request.path', %(path)s, true),
       pg_catalog.set_config('request.headers', %(headers)s, true),
       pg_catalog.set_config('request.cookies', %(cookies)s, true)
