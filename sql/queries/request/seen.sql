-- What a request's SQL can see of the request: the settings PostgREST set, and what auth.* makes of them (NULL
-- outside a request).
select pg_catalog.current_setting('request.method', true) as method,
       pg_catalog.current_setting('request.path', true) as path,
       nullif(pg_catalog.current_setting('request.headers', true), '')::jsonb as headers,
       nullif(pg_catalog.current_setting('request.cookies', true), '')::jsonb as cookies,
       nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb as claims,
       pg_catalog.current_setting('transaction_read_only') as read_only,
       pg_catalog.current_setting('statement_timeout') as statement_timeout,
       auth.uid()::text as uid,
       auth.role() as role,
       auth.jwt() as jwt
