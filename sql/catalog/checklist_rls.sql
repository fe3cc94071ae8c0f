-- The checklist's own query (Step 1: "Verify RLS enabled"), parameterised and limited to schema public:
-- unqualified, relname = 'users' also finds Supabase's auth.users, whose RLS is not ours to judge.
SELECT relname, relrowsecurity FROM pg_class
WHERE relname = %(table)s AND relnamespace = 'public'::regnamespace
