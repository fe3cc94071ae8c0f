"""Triggers functional: each trigger is defined as the contract says and works on every path it names:
updated_at advances on an UPDATE of each column a user may change, a message or rating takes its parent's
tenant on INSERT and on UPDATE of each column the trigger watches, and inserting messages advances each of
their conversations'."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest
from psycopg import sql

from acceptance import catalog, contract, diff, sqlfiles
from acceptance.errors import refused
from acceptance.identities import resolve

pytestmark = [pytest.mark.triggers, pytest.mark.checklist("structure-triggers"), pytest.mark.usefixtures("seeded")]

PAST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
BEHAVIOUR = contract.load("triggers")
ITEMS = BEHAVIOUR["items"]  # a trigger's checklist items beyond "All triggers functional"
# Every trigger of the contract: its table and its definition.
CONTRACT = {
    name: (table, spec)
    for table, table_spec in contract.schema()["tables"].items()
    for name, spec in table_spec["triggers"].items()
}
TENANTS = {tenant_id: name for name, tenant_id in contract.load("identities")["seeded"]["tenants"].items()}


def named(params: dict) -> dict:
    """Parameters given by name in the data (seed rows, tenants, users, dates) as the values they stand for."""
    return {key: resolve(value) for key, value in params.items()}


def probe(db, actor) -> str:
    """A conversation of the actor's, last updated in 2000."""
    query = sqlfiles.query("triggers", "conversation_with_old_timestamp")
    return db.execute(query, {"tenant": actor.tenant_id, "user": actor.user}).fetchone()[0]


def updated_at(db, conversation: str) -> dt.datetime:
    return db.execute("select updated_at from conversations where id = %s", (conversation,)).fetchone()[0]


@pytest.mark.checklist("step1-trigger")
@pytest.mark.writes
@pytest.mark.parametrize("writer", ["postgres", "alice"])
def test_update_advances_updated_at(db, act_as, cast, writer):
    """Step 1 - Test trigger: insert a conversation, update it, updated_at changed (as owner and as a user)."""
    conversation = probe(db, cast["alice"])
    if writer == "postgres":
        db.execute("update conversations set title = 'renamed' where id = %s", (conversation,))
    else:
        with act_as(writer):
            assert db.execute("update conversations set title = 'renamed' where id = %s", (conversation,)).rowcount == 1
    assert updated_at(db, conversation) > PAST, f"updated_at stayed {PAST} after an UPDATE by {writer}"


@pytest.mark.checklist("step2-trigger")
@pytest.mark.writes
@pytest.mark.parametrize("writer", ["postgres", "alice"])
def test_message_insert_advances_conversation(db, act_as, cast, writer):
    """Step 2 - Test trigger: inserting a message moves its conversation's updated_at to now."""
    conversation = probe(db, cast["alice"])
    statement = "insert into messages (conversation_id, role, content) values (%s, 'user', 'hello')"
    if writer == "postgres":
        db.execute(statement, (conversation,))
    else:
        with act_as(writer):
            db.execute(statement, (conversation,))
    now = db.execute("select now()").fetchone()[0]
    assert updated_at(db, conversation) == now, (
        f"updated_at is {updated_at(db, conversation)} after a message by {writer}, expected {now}"
    )


@pytest.mark.checklist("step2-trigger")
@pytest.mark.writes
def test_failed_message_insert_leaves_conversation_alone(db, cast):
    """A refused message does not touch its conversation."""
    conversation = probe(db, cast["alice"])
    with refused(db, "23514", "messages_role_check"):
        db.execute("insert into messages (conversation_id, role, content) values (%s, 'invalid', 'x')", (conversation,))
    assert updated_at(db, conversation) == PAST, "a refused message changed its conversation's updated_at"


def facets(spec: dict) -> set[str]:
    """A trigger's definition as facts, so that a difference reads as Extra and Missing."""
    found = {f"timing {spec['timing']}", f"level {spec['level']}", f"function {spec['function']}"}
    for event in spec["events"]:
        if event == "UPDATE":
            found |= {f"on UPDATE OF {c}" for c in spec["columns"]} or {"on UPDATE of any column"}
        else:
            found.add(f"on {event}")
    return found


def of_trigger(trigger: str, *values, case: str | None = None):
    """A case of one trigger: it proves that trigger's checklist items too."""
    marks = pytest.mark.checklist(*ITEMS.get(trigger, []))
    return pytest.param(*(values or (trigger,)), marks=marks, id=case or trigger)


@pytest.mark.parametrize("trigger", [of_trigger(t) for t in CONTRACT])
def test_trigger_definition(db, trigger):
    """The trigger runs its function at the contract's timing and level, on exactly its events and columns."""
    table, spec = CONTRACT[trigger]
    found = catalog.triggers(db, table).get(trigger)
    diff.same_set(
        facets(found) if found else set(),
        facets(spec),
        f"schema.toml [tables.{table}.triggers] {trigger}",
        f"timing, level, function, events and columns of the enabled trigger {trigger} on public.{table}",
    )


UPDATED_AT = BEHAVIOUR["updated_at"]
CHANGES = [(trigger, column) for trigger, spec in UPDATED_AT.items() for column in spec["changes"]]


@pytest.mark.writes
@pytest.mark.parametrize(("trigger", "column"), [of_trigger(t, t, c, case=f"{t}-{c}") for t, c in CHANGES])
def test_update_of_each_column_advances_updated_at(db, trigger, column):
    """An UPDATE of only this column moves updated_at to now(): the trigger fires for every column a user changes."""
    table, contract = CONTRACT[trigger]
    spec, item = UPDATED_AT[trigger], f"triggers.toml [updated_at.{trigger}]"
    row = db.execute(sqlfiles.query("triggers", spec["probe"]), named(spec["params"])).fetchone()[0]
    written = db.execute(sql.SQL("select updated_at from {} where id = %s").format(sql.Identifier(table)), (row,))
    assert written.fetchone()[0] == PAST, (
        f"{item}: {trigger} changed updated_at on INSERT, which is not one of its events {contract['events']}"
    )
    statement = sql.SQL(sqlfiles.query("triggers", "update_column")).format(
        table=sql.Identifier(table), column=sql.Identifier(column)
    )
    found = db.execute(statement, {"value": resolve(spec["changes"][column]), "id": row}).fetchone()[0]
    now = db.execute("select now()").fetchone()[0]
    assert found == now, (
        f"{item}: after an UPDATE of {table}.{column} alone, updated_at is {found}, expected now() ({now}): "
        f"{trigger} does not fire on UPDATE OF {column}"
    )


TENANT_PATHS = BEHAVIOUR["tenant_from_parent"]


@pytest.mark.parametrize(
    "case", TENANT_PATHS, ids=[f"{c['trigger']}-{c['path'].lower().replace(' ', '-')}" for c in TENANT_PATHS]
)
@pytest.mark.writes
def test_row_takes_its_parents_tenant(db, case):
    """On each of the trigger's paths (INSERT, UPDATE OF each column it watches) the row is stored in its
    parent's tenant, whatever tenant the writer sent."""
    trigger, expected = case["trigger"], case["tenant"]
    table = CONTRACT[trigger][0]
    where = f"triggers.toml [[tenant_from_parent]] {trigger}: {case['path']} on public.{table} ({case['query']})"
    try:
        with db.transaction():
            (tenant,) = db.execute(sqlfiles.query("triggers", case["query"]), named(case["params"])).fetchone()
    except psycopg.Error as exc:
        raise AssertionError(
            f"{where}: refused with {exc.sqlstate} ({exc.diag.constraint_name}), expected the row in tenant "
            f"{expected}: {trigger} did not set tenant_id on this path"
        ) from None
    assert str(tenant) == resolve(expected), (
        f"{where}: stored in tenant {TENANTS.get(str(tenant), tenant)}, expected {expected}"
    )


@pytest.mark.checklist("step2-trigger")
@pytest.mark.writes
@pytest.mark.parametrize("case", BEHAVIOUR["touch_parent"], ids=[c["trigger"] for c in BEHAVIOUR["touch_parent"]])
def test_one_insert_advances_every_conversation_it_adds_to(db, cast, case):
    """One INSERT statement with messages for two conversations moves both conversations' updated_at to now()."""
    conversations = [probe(db, cast["alice"]), probe(db, cast["alice"])]
    db.execute(sqlfiles.query("triggers", case["query"]), {"conversations": conversations})
    now = db.execute("select now()").fetchone()[0]
    diff.same_mapping(
        {str(c): updated_at(db, c) for c in conversations},
        {str(c): now for c in conversations},
        f"triggers.toml [[touch_parent]] {case['trigger']}",
        f"updated_at of the conversations one {case['path']} added messages to",
    )
