-- The checklist's own query (Step 1: "Verify table created"), parameterised.
SELECT * FROM information_schema.tables
WHERE table_name = %(table)s
