-- Who the policies think the actor is: auth.uid() from the request's claims, and the tenant helper's answer.
select auth.uid()::text as uid, private.current_tenant_id()::text as tenant
