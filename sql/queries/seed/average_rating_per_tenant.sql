select t.slug, round(avg(f.rating), 2)::text from public.tenants t join public.feedback f on f.tenant_id = t.id
 where t.slug like 'test-%' group by t.slug
