-- The checklist's list query's filter (not archived), per seeded tenant.
select t.slug, count(c.id) from public.tenants t
  left join public.conversations c on c.tenant_id = t.id and not c.is_archived
 where t.slug like 'test-%' group by t.slug
