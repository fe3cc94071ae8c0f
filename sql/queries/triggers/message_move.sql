-- A message moved into another conversation.
update public.messages set conversation_id = %(conversation)s where id = %(id)s returning tenant_id
