-- The checklist's query: a tenant's conversations, not archived, newest first, 20 rows.
SELECT * FROM conversations
WHERE tenant_id = %(tenant)s AND is_archived = false
ORDER BY updated_at DESC LIMIT 20
