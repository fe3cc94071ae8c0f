-- How many of the given users have their public.users row (the seed is loaded).
select count(*) from public.users u where u.id = any(%(users)s::uuid[])
