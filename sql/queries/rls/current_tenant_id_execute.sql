select private.current_tenant_id()
