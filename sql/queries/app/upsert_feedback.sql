-- POST /rest/v1/feedback?on_conflict=message_id,user_id (Prefer: resolution=merge-duplicates)
insert into public.feedback (message_id, user_id, rating, comment) values (%(message)s, %(user)s, %(rating)s, %(comment)s)
on conflict (message_id, user_id) do update set rating = excluded.rating, comment = excluded.comment
returning id, rating, comment
