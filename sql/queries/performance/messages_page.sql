-- The newest page of a conversation's messages, as the chat view loads it.
select * from messages where conversation_id = %(conversation)s order by created_at desc limit 50
