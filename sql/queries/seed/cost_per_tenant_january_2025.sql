select t.slug, sum(um.cost_usd)::text from public.tenants t join public.usage_metrics um on um.tenant_id = t.id
 where t.slug like 'test-%' and um.usage_date between '2025-01-01' and '2025-01-31' group by t.slug
