-- Move a rating to another message and/or user.
update public.feedback set message_id = %(message)s, user_id = %(user)s where id = %(id)s
