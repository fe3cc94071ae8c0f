-- GET /rest/v1/messages?conversation_id=eq.X&order=created_at.asc
select role, content from public.messages where conversation_id = %(conversation)s order by created_at
