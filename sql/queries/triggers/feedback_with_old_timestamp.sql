-- A rating last updated in 2000 (see conversation_with_old_timestamp.sql).
insert into public.feedback (message_id, user_id, rating, created_at, updated_at)
values (%(message)s, %(user)s, 3, '2000-01-01 00:00:00+00', '2000-01-01 00:00:00+00')
returning id
