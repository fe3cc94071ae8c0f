-- Today's usage of the owner's tenant, through the view.
select d.user_id from public.current_day_usage d where d.tenant_id = %(tenant)s
