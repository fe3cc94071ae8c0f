-- A table's triggers that make COPY insert its rows one at a time and keep each new row for a transition table,
-- even while session_replication_role = replica keeps them from firing: row-level BEFORE (or INSTEAD OF) INSERT
-- triggers and those with a NEW TABLE. The volume load drops them for its COPY and creates them again from their
-- definitions in the same transaction (1M messages: 1.6 s instead of 2.3 s to write them). Only those the
-- definition restores whole: enabled as by default (tgenabled 'O') and without a comment.
select 'drop trigger ' || quote_ident(t.tgname) || ' on ' || t.tgrelid::regclass::text as drop,
       pg_get_triggerdef(t.oid) as create
  from pg_trigger t
 where t.tgrelid = to_regclass(%(table)s)
   and not t.tgisinternal
   and t.tgenabled = 'O'
   and t.tgtype & 4 <> 0  -- on INSERT
   and (t.tgtype & 3 = 3 or t.tgtype & 64 <> 0 or t.tgnewtable is not null)  -- row-level BEFORE, INSTEAD OF, NEW TABLE
   and obj_description(t.oid, 'pg_trigger') is null
 order by t.tgname
