-- What the volume load decides of each table, in the order its rows lie on disk: the columns it writes itself (not
-- the now() of a default), one digest per table. The plan baselines depend on both the rows and their order.
select 'conversations' as name, count(*) as rows,
       md5(string_agg(row(id, tenant_id, user_id, title, is_archived, created_at)::text, ',' order by ctid))
  from public.conversations
union all
select 'messages', count(*),
       md5(string_agg(row(id, conversation_id, tenant_id, role, content, output_tokens, created_at)::text, ','
                      order by ctid))
  from public.messages
union all
select 'feedback', count(*), md5(string_agg(row(message_id, tenant_id, user_id, rating)::text, ',' order by ctid))
  from public.feedback
union all
select 'usage_metrics', count(*),
       md5(string_agg(row(id, tenant_id, user_id, usage_date, request_count, cost_usd)::text, ',' order by ctid))
  from public.usage_metrics
union all
select 'message_feedback_summary', count(*),
       md5(string_agg(row(message_id, feedback_count, average_rating)::text, ',' order by ctid))
  from public.message_feedback_summary
