-- Daily usage per tenant and user: requests, input and output tokens, cost. increment_usage_metrics() is
-- the one way the application records usage: an atomic upsert that accumulates. It runs as the caller
-- (security invoker), so RLS decides whose usage a user may change: only their own, in their own tenant.
-- monthly_usage_summary rolls the days up per tenant and month (no RLS: not readable by the API roles);
-- current_day_usage shows today's rows through the caller's RLS (security_invoker).
begin;

create table public.usage_metrics (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references public.tenants (id) on delete cascade,
    user_id uuid not null,
    usage_date date not null default current_date,
    request_count integer not null default 0,
    input_tokens bigint not null default 0,
    output_tokens bigint not null default 0,
    total_tokens bigint generated always as (input_tokens + output_tokens) stored,
    cost_usd numeric(14, 6) not null default 0,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint usage_metrics_tenant_user_date_key unique (tenant_id, user_id, usage_date),
    constraint usage_metrics_user_id_fkey foreign key (user_id, tenant_id)
        references public.users (id, tenant_id) on delete cascade,
    constraint usage_metrics_request_count_check check (request_count >= 0),
    constraint usage_metrics_input_tokens_check check (input_tokens >= 0),
    constraint usage_metrics_output_tokens_check check (output_tokens >= 0),
    constraint usage_metrics_cost_usd_check check (cost_usd >= 0)
);

create index usage_metrics_user_tenant_date_idx on public.usage_metrics (user_id, tenant_id, usage_date);
create index usage_metrics_tenant_date_idx on public.usage_metrics (tenant_id, usage_date);
-- current_day_usage and the monthly roll-up select by date across tenants.
create index usage_metrics_usage_date_idx on public.usage_metrics (usage_date);
-- Daily cost alerts: the day's biggest spenders first.
create index usage_metrics_date_cost_idx on public.usage_metrics (usage_date, cost_usd desc);
-- Incremental export of rows changed since the last sync.
create index usage_metrics_updated_at_idx on public.usage_metrics (updated_at);

create trigger usage_metrics_set_updated_at
    before update on public.usage_metrics
    for each row execute function private.set_updated_at();

alter table public.usage_metrics enable row level security;

-- Privileges as in 003, for the three commands its policies exist for: usage is never deleted by a user.
revoke all on table public.usage_metrics from public, anon, authenticated, service_role;
grant select, insert, update on table public.usage_metrics to authenticated;
grant select, insert, update, delete on table public.usage_metrics to service_role;

create policy usage_metrics_select_own_tenant on public.usage_metrics
    for select to authenticated
    using (tenant_id = (select private.current_tenant_id()));

create policy usage_metrics_insert_own on public.usage_metrics
    for insert to authenticated
    with check (user_id = (select auth.uid()) and tenant_id = (select private.current_tenant_id()));

create policy usage_metrics_update_own on public.usage_metrics
    for update to authenticated
    using (user_id = (select auth.uid()) and tenant_id = (select private.current_tenant_id()))
    with check (user_id = (select auth.uid()) and tenant_id = (select private.current_tenant_id()));

create function public.increment_usage_metrics(
    p_tenant_id uuid,
    p_user_id uuid,
    p_usage_date date,
    p_input_tokens integer,
    p_output_tokens integer,
    p_cost_usd numeric
) returns public.usage_metrics
    language plpgsql
    security invoker
    set search_path = ''
    as $$
    declare
        result public.usage_metrics;
    begin
        if p_tenant_id is null or p_user_id is null or p_usage_date is null
           or p_input_tokens is null or p_output_tokens is null or p_cost_usd is null then
            raise exception 'increment_usage_metrics: no argument may be null'
                using errcode = 'null_value_not_allowed';
        end if;
        if p_input_tokens < 0 or p_output_tokens < 0 or p_cost_usd < 0 then
            raise exception 'increment_usage_metrics: tokens and cost must not be negative (got %, %, %)',
                p_input_tokens, p_output_tokens, p_cost_usd
                using errcode = 'invalid_parameter_value';
        end if;
        -- One statement: concurrent callers serialise on the unique key and every increment counts.
        insert into public.usage_metrics as um
               (tenant_id, user_id, usage_date, request_count, input_tokens, output_tokens, cost_usd)
        values (p_tenant_id, p_user_id, p_usage_date, 1, p_input_tokens, p_output_tokens, p_cost_usd)
        on conflict (tenant_id, user_id, usage_date) do update
           set request_count = um.request_count + 1,
               input_tokens = um.input_tokens + excluded.input_tokens,
               output_tokens = um.output_tokens + excluded.output_tokens,
               cost_usd = um.cost_usd + excluded.cost_usd
        returning um.* into result;
        return result;
    end
    $$;
revoke all on function public.increment_usage_metrics(uuid, uuid, date, integer, integer, numeric)
    from public, anon, authenticated, service_role;
grant execute on function public.increment_usage_metrics(uuid, uuid, date, integer, integer, numeric)
    to authenticated, service_role;

create materialized view public.monthly_usage_summary as
    select um.tenant_id,
           date_trunc('month', um.usage_date)::date as month,
           count(distinct um.user_id) as active_users,
           sum(um.request_count) as request_count,
           sum(um.input_tokens) as input_tokens,
           sum(um.output_tokens) as output_tokens,
           sum(um.total_tokens) as total_tokens,
           sum(um.cost_usd) as cost_usd
      from public.usage_metrics um
     group by um.tenant_id, date_trunc('month', um.usage_date);

create unique index monthly_usage_summary_tenant_month_key on public.monthly_usage_summary (tenant_id, month);
-- No RLS on a materialized view: only the backend reads it.
revoke all on table public.monthly_usage_summary from public, anon, authenticated, service_role;
grant select on table public.monthly_usage_summary to service_role;

create view public.current_day_usage with (security_invoker = true) as
    select um.tenant_id,
           um.user_id,
           um.usage_date,
           um.request_count,
           um.input_tokens,
           um.output_tokens,
           um.total_tokens,
           um.cost_usd
      from public.usage_metrics um
     where um.usage_date = current_date;

-- A view to read today's usage (writes go through increment_usage_metrics): select only.
revoke all on table public.current_day_usage from public, anon, authenticated, service_role;
grant select on table public.current_day_usage to authenticated, service_role;

commit;
