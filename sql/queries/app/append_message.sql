-- POST /rest/v1/messages: one message of a streamed response
insert into public.messages (conversation_id, role, content, output_tokens)
values (%(conversation)s, %(role)s, %(content)s, %(tokens)s) returning id, tenant_id, created_at
