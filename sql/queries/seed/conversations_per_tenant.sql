select t.slug, count(c.id) from public.tenants t left join public.conversations c on c.tenant_id = t.id
 where t.slug like 'test-%' group by t.slug
