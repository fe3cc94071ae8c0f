-- Seeded rows whose references leave their tenant: each row names the table and the offending id.
select 'conversations' as tbl, c.id from public.conversations c join public.users u on u.id = c.user_id
 where u.tenant_id <> c.tenant_id
union all
select 'messages', m.id from public.messages m join public.conversations c on c.id = m.conversation_id
 where m.tenant_id is distinct from c.tenant_id
union all
select 'feedback', f.id from public.feedback f
  join public.messages m on m.id = f.message_id join public.users u on u.id = f.user_id
 where f.tenant_id is distinct from m.tenant_id or u.tenant_id <> f.tenant_id
union all
select 'usage_metrics', um.id from public.usage_metrics um join public.users u on u.id = um.user_id
 where u.tenant_id <> um.tenant_id
