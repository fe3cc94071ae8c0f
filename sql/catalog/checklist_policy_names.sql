-- The checklist's own query (Step 1: "Check RLS policies"), parameterised.
SELECT policyname FROM pg_policies
WHERE tablename = %(table)s
