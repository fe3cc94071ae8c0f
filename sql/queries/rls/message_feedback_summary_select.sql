select s.message_id from public.message_feedback_summary s where s.tenant_id = %(tenant)s
