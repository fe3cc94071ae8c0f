-- Rows per table, in the checklist's order.
select 'tenants' as tbl, count(*) from public.tenants
union all select 'users', count(*) from public.users
union all select 'conversations', count(*) from public.conversations
union all select 'messages', count(*) from public.messages
union all select 'feedback', count(*) from public.feedback
union all select 'usage_metrics', count(*) from public.usage_metrics
