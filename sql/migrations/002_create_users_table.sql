-- Baseline that production already has: an application user is a Supabase auth user (users.id = auth.uid())
-- who belongs to exactly one tenant. private.current_tenant_id() maps the request's user to that tenant;
-- every tenant policy compares against it. It lives in schema `private`, which PostgREST does not expose.
begin;

create table public.users (
    id uuid primary key references auth.users (id) on delete cascade,
    tenant_id uuid not null references public.tenants (id) on delete cascade,
    email text not null,
    display_name text,
    role text not null default 'member',
    created_at timestamptz not null default now(),
    constraint users_tenant_email_key unique (tenant_id, email),
    -- Target of the composite foreign keys that keep a row's user inside the row's tenant.
    constraint users_id_tenant_key unique (id, tenant_id),
    constraint users_email_check check (char_length(email) between 3 and 320),
    constraint users_role_check check (role in ('owner', 'admin', 'member'))
);

alter table public.users enable row level security;

-- Privileges as in 001: authenticated reads its tenant's users, service_role reads and writes, anon nothing.
revoke all on table public.users from public, anon, authenticated, service_role;
grant select on table public.users to authenticated;
grant select, insert, update, delete on table public.users to service_role;

create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

-- Security definer so that policies on public.users can call it without recursing into those policies.
create function private.current_tenant_id() returns uuid
    language sql stable security definer
    set search_path = ''
    as $$
        select u.tenant_id from public.users u where u.id = (select auth.uid())
    $$;
revoke execute on function private.current_tenant_id() from public;
grant execute on function private.current_tenant_id() to authenticated, service_role;

create policy tenants_select_own on public.tenants
    for select to authenticated
    using (id = (select private.current_tenant_id()));

create policy users_select_same_tenant on public.users
    for select to authenticated
    using (tenant_id = (select private.current_tenant_id()));

commit;
