-- A conversation whose updated_at lies in the past: any trigger that should touch it can only be seen
-- doing so (now() is constant within the test's transaction, so a fresh row would hide a missing trigger).
insert into public.conversations (tenant_id, user_id, title, created_at, updated_at)
values (%(tenant)s, %(user)s, 'trigger probe', '2000-01-01 00:00:00+00', '2000-01-01 00:00:00+00')
returning id
