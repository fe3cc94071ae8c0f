-- Rows per table that belong to the seed's tenants (slugs starting with test-).
with test_tenants as (select id from public.tenants where slug like 'test-%')
select 'tenants' as tbl, count(*) from test_tenants
union all select 'users', count(*) from public.users where tenant_id in (select id from test_tenants)
union all select 'conversations', count(*) from public.conversations where tenant_id in (select id from test_tenants)
union all select 'messages', count(*) from public.messages where tenant_id in (select id from test_tenants)
union all select 'feedback', count(*) from public.feedback where tenant_id in (select id from test_tenants)
union all select 'usage_metrics', count(*) from public.usage_metrics where tenant_id in (select id from test_tenants)
