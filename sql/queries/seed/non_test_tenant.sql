-- A tenant that is not test data, with a user, a conversation, a message, feedback and usage, so that the
-- checklist's clean-up can be shown to leave it alone.
with t as (insert into public.tenants (id, slug, name)
           values ('70000000-0000-4000-8000-000000000001', 'customer-keep', 'A real customer') returning id),
     a as (insert into auth.users (id, email) values ('70000000-0000-4000-8000-000000000002', 'keep@customer.example')
           returning id),
     u as (insert into public.users (id, tenant_id, email)
           select a.id, t.id, 'keep@customer.example' from a, t returning id, tenant_id),
     c as (insert into public.conversations (id, tenant_id, user_id)
           select '70000000-0000-4000-8000-000000000003', u.tenant_id, u.id from u returning id, tenant_id, user_id),
     um as (insert into public.usage_metrics (tenant_id, user_id, usage_date)
            select c.tenant_id, c.user_id, '2025-06-01' from c returning id)
insert into public.messages (id, conversation_id, role, content)
select '70000000-0000-4000-8000-000000000004', c.id, 'assistant', 'kept' from c
