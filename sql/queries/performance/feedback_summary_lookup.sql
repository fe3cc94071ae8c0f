select * from message_feedback_summary where message_id = %(message)s
