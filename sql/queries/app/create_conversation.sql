-- POST /rest/v1/conversations (Prefer: return=representation)
insert into public.conversations (tenant_id, user_id, title, model)
values (%(tenant)s, %(user)s, %(title)s, 'gpt-4o') returning id, title, is_archived, created_at, updated_at
