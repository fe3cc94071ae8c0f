-- One INSERT statement that adds a message to each of the given conversations.
insert into public.messages (conversation_id, role, content)
select c.id, 'user', 'hello' from unnest(%(conversations)s::uuid[]) as c(id)
