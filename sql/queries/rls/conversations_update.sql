-- Rename a conversation.
update public.conversations set title = 'renamed by the access matrix' where id = %(id)s
