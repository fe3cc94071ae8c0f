-- The base rows message_feedback_summary aggregates: each rating with its message's conversation and tenant.
select f.message_id, m.conversation_id, m.tenant_id, f.rating, f.updated_at
  from public.feedback f join public.messages m on m.id = f.message_id
