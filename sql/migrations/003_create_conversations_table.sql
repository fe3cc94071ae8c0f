-- Conversations between a user and the assistant. Any user of a tenant reads the tenant's conversations;
-- only the owner creates, changes or deletes one. A trigger keeps updated_at current.
begin;

create table public.conversations (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references public.tenants (id) on delete cascade,
    user_id uuid not null,
    title text not null default 'New conversation',
    model text,
    metadata jsonb not null default '{}'::jsonb,
    is_archived boolean not null default false,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    -- The owner must belong to the conversation's tenant.
    constraint conversations_user_id_fkey foreign key (user_id, tenant_id)
        references public.users (id, tenant_id) on delete cascade,
    -- Target of messages' composite foreign key.
    constraint conversations_id_tenant_key unique (id, tenant_id),
    constraint conversations_title_check check (char_length(title) between 1 and 200),
    constraint conversations_model_check check (char_length(model) between 1 and 100),
    constraint conversations_metadata_check check (jsonb_typeof(metadata) = 'object')
);

-- The checklist's list query: tenant, not archived, newest first.
create index conversations_tenant_updated_idx
    on public.conversations (tenant_id, is_archived, updated_at desc);
create index conversations_user_updated_idx
    on public.conversations (user_id, tenant_id, updated_at desc);
-- Archiving old conversations (monthly maintenance) scans by age.
create index conversations_created_at_idx on public.conversations (created_at);
create index conversations_metadata_idx on public.conversations using gin (metadata jsonb_path_ops);

create function private.set_updated_at() returns trigger
    language plpgsql
    set search_path = ''
    as $$
    begin
        new.updated_at := now();
        return new;
    end
    $$;

-- A trigger function: nobody calls it, so nobody may (PostgreSQL grants EXECUTE to PUBLIC by default).
revoke execute on function private.set_updated_at() from public;

create trigger conversations_set_updated_at
    before update on public.conversations
    for each row execute function private.set_updated_at();

alter table public.conversations enable row level security;

-- Privileges, explicitly. Supabase grants the API roles nothing on new objects in public (since 2026-10-30); older
-- projects grant them everything (ALL, TRUNCATE included). Revoke what such defaults added, then grant exactly:
-- authenticated the commands its policies exist for, service_role (the backend) reads and writes, anon nothing.
-- No API role gets TRUNCATE (not subject to RLS), REFERENCES or TRIGGER. contract/privileges.toml is the contract.
revoke all on table public.conversations from public, anon, authenticated, service_role;
grant select, insert, update, delete on table public.conversations to authenticated, service_role;

create policy conversations_select_own_tenant on public.conversations
    for select to authenticated
    using (tenant_id = (select private.current_tenant_id()));

create policy conversations_insert_own on public.conversations
    for insert to authenticated
    with check (user_id = (select auth.uid()) and tenant_id = (select private.current_tenant_id()));

create policy conversations_update_own on public.conversations
    for update to authenticated
    using (user_id = (select auth.uid()) and tenant_id = (select private.current_tenant_id()))
    with check (user_id = (select auth.uid()) and tenant_id = (select private.current_tenant_id()));

create policy conversations_delete_own on public.conversations
    for delete to authenticated
    using (user_id = (select auth.uid()) and tenant_id = (select private.current_tenant_id()));

commit;
