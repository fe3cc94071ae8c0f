-- Today's usage of the caller's tenant, as the dashboard asks for it. RLS already limits an authenticated
-- caller to its tenant; the explicit filter makes the service_role comparison read the same rows.
select * from current_day_usage where tenant_id = %(tenant)s
