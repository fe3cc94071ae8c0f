-- Baseline that production already has: one row per customer organisation. Every row of tenant data below
-- names its tenant, and deleting a tenant removes all of its data (ON DELETE CASCADE all the way down).
begin;

create table public.tenants (
    id uuid primary key default gen_random_uuid(),
    slug text not null,
    name text not null,
    created_at timestamptz not null default now(),
    constraint tenants_slug_key unique (slug),
    constraint tenants_slug_check check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    constraint tenants_name_check check (char_length(name) between 1 and 200)
);

alter table public.tenants enable row level security;

-- Privileges, explicitly. Supabase grants the API roles nothing on new objects in public (since 2026-10-30); older
-- projects grant them everything (ALL, TRUNCATE included). Revoke what such defaults added, then grant exactly:
-- authenticated the commands its policies exist for, service_role (the backend) reads and writes, anon nothing.
-- No API role gets TRUNCATE (not subject to RLS), REFERENCES or TRIGGER. contract/privileges.toml is the contract.
revoke all on table public.tenants from public, anon, authenticated, service_role;
grant select on table public.tenants to authenticated;
grant select, insert, update, delete on table public.tenants to service_role;

commit;
