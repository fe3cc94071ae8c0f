-- PATCH /rest/v1/conversations?id=eq.X {"is_archived": true}
update public.conversations set is_archived = true where id = %(conversation)s returning id, is_archived
