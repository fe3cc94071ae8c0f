-- The checklist's own query (Step 1: "Check indexes created"), parameterised.
SELECT indexname FROM pg_indexes
WHERE tablename = %(table)s
