-- DELETE /rest/v1/conversations?id=eq.X (Prefer: return=representation); messages and feedback cascade
delete from public.conversations where id = %(conversation)s returning id
