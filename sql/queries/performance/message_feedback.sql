select * from feedback where message_id = %(message)s
