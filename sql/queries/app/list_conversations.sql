-- GET /rest/v1/conversations?is_archived=eq.false&order=updated_at.desc&limit=20 (RLS adds the tenant)
select id, title, updated_at from public.conversations where is_archived = false order by updated_at desc limit 20
