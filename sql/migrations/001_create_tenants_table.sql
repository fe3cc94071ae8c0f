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

commit;
