-- Set-based, deterministic volume load for a disposable database. Runs statement by statement with the
-- profile's numbers as parameters, as the table owner with session_replication_role = replica: triggers and
-- foreign-key checks are off for speed, so every derived column (messages.tenant_id, updated_at) is written
-- here exactly as the triggers would have written it (acceptance/volume.py runs it). A statement marked
-- `-- in parts` runs once per part (`parts`, contract/volume.toml), part 0 .. parts-1 one after another, each
-- from setseed(seed + part / 100), the rows of its last INSERT streamed by COPY (its table's insert triggers
-- dropped meanwhile: sql/volume/copy_triggers.sql); those marked `-- beside` run one after another on a second
-- connection, beside the statements that follow them. Each table's secondary indexes are built as soon as the
-- statement that writes its last rows has run.
-- Ids are recognisable: tenant 1 is a0000000-0000-4000-8000-000000000001, its first user
-- b0000000-...-000000000001, conversation 1 c0000000-...-000000000001, message 1 d0000000-...-000000000001.
select setseed(%(seed)s);

insert into public.tenants (id, slug, name)
select ('a0000000-0000-4000-8000-' || lpad(to_hex(t), 12, '0'))::uuid, 'volume-' || t, 'Volume tenant ' || t
  from generate_series(1, %(tenants)s) t;

insert into auth.users (id, email)
select ('b0000000-0000-4000-8000-' || lpad(to_hex(u), 12, '0'))::uuid, 'user' || u || '@volume.example'
  from generate_series(1, %(tenants)s * %(users_per_tenant)s) u;

insert into public.users (id, tenant_id, email)
select ('b0000000-0000-4000-8000-' || lpad(to_hex(u), 12, '0'))::uuid,
       ('a0000000-0000-4000-8000-' || lpad(to_hex((u - 1) / %(users_per_tenant)s + 1), 12, '0'))::uuid,
       'user' || u || '@volume.example'
  from generate_series(1, %(tenants)s * %(users_per_tenant)s) u;

-- beside: runs on a connection of its own while the statements below go on (it needs only the users, and fills the
-- second core while the conversations are written); the load waits for it before its vacuum. One statement, not in parts running at once: two connections interleave their rows on the pages,
-- so the physical order, the statistics' correlation and with them the plans of the usage queries (index scan or
-- bitmap scan) would change from load to load, and the plan baselines with them. Ids numbered in row order
-- (e...1, e...2) rather than the column's default: gen_random_uuid() differs at every load and puts each row at a
-- random place in the primary key (1.34 s instead of 0.89 s for the large profile's 240,000 rows).
insert into public.usage_metrics (id, tenant_id, user_id, usage_date, request_count, input_tokens, output_tokens,
                                  cost_usd)
select ('e0000000-0000-4000-8000-' || lpad(to_hex(row_number() over ()), 12, '0'))::uuid, u.tenant_id, u.id,
       current_date - d, 1 + d %% 7, 100 * (1 + d %% 7), 300 * (1 + d %% 7), 0.004 * (1 + d %% 7)
  from public.users u cross join generate_series(0, %(usage_days)s - 1) d
 where u.email like '%%@volume.example';

-- beside: after the usage rows (the statements marked `beside` run one after another).
refresh materialized view public.monthly_usage_summary;

insert into public.conversations (id, tenant_id, user_id, title, is_archived, created_at, updated_at)
select ('c0000000-0000-4000-8000-' || lpad(to_hex(c), 12, '0'))::uuid,
       ('a0000000-0000-4000-8000-' || lpad(to_hex(t), 12, '0'))::uuid,
       ('b0000000-0000-4000-8000-' || lpad(to_hex((t - 1) * %(users_per_tenant)s + 1 + u), 12, '0'))::uuid,
       'Conversation ' || c, c > 1 and r < 0.2, ts, ts
  from (select c,
               case when c = 1 then 1 else 1 + floor(%(tenants)s * power(random(), 3))::int end as t,
               case when c = 1 then 0 else floor(random() * %(users_per_tenant)s)::int end as u,
               random() as r,
               timestamptz '2026-01-01' - random() * interval '365 days' as ts
          from generate_series(1, %(conversations)s) c) s;

-- in parts: each of %(parts)s parts writes its own range of messages, from its own random seed, and their ratings:
-- one on every eighth assistant message (message 16, 32, ...: those whose id ends in 0), by the conversation's owner.
-- The ratings are inserted as the messages are generated, not read back from the messages afterwards (which took
-- 1.1-1.3 s of the large profile's load after its messages). Conversation n's columns are read at index n of arrays
-- in id order (conversation n's id ends in n): a subscript per message rather than a hash-join probe on an id built
-- from text (1M messages: 1.0 s instead of 1.6 s to select them). `generated` is stored once, read by both inserts
-- (the random draws are the same for both); a series in FROM would be stored before it too.
with conversation as (
       select array_agg(id order by id) as id, array_agg(tenant_id order by id) as tenant_id,
              array_agg(user_id order by id) as user_id, array_agg(created_at order by id) as created_at
         from public.conversations
        where id between 'c0000000-0000-4000-8000-000000000001' and 'c0000000-0000-4000-8000-ffffffffffff'),
     generated as (
       select ('d0000000-0000-4000-8000-' || lpad(to_hex(m), 12, '0'))::uuid as id, m,
              case when m <= %(big_conversation_messages)s then 1
                   else 1 + floor(random() * %(conversations)s)::int end as c
         from (select generate_series(%(part)s * %(messages)s / %(parts)s + 1,
                                      (%(part)s + 1) * %(messages)s / %(parts)s) as m) series),
     rated as (
       insert into public.feedback (message_id, tenant_id, user_id, rating)
       select g.id, conversation.tenant_id[g.c], conversation.user_id[g.c], 1 + (abs(hashtext(g.id::text)) %% 5)
         from generated g, conversation
        where g.m %% 16 = 0)
insert into public.messages (id, conversation_id, tenant_id, role, content, input_tokens, output_tokens, created_at)
select g.id, conversation.id[g.c], conversation.tenant_id[g.c],
       case when g.m %% 2 = 0 then 'assistant' else 'user' end,
       'Message ' || g.m || ' of a generated conversation', 20, case when g.m %% 2 = 0 then 80 else 0 end,
       conversation.created_at[g.c] + g.m * interval '1 second'
  from generated g, conversation;

refresh materialized view public.message_feedback_summary;
