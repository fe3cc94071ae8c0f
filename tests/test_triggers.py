"""Triggers functional: updated_at advances on UPDATE, and inserting a message advances its conversation's."""

from __future__ import annotations

import datetime as dt

import pytest

from fixtures import sqlfiles
from fixtures.errors import refused

pytestmark = [pytest.mark.triggers, pytest.mark.writes, pytest.mark.usefixtures("seeded")]

PAST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def probe(db, actor) -> str:
    """A conversation of the actor's, last updated in 2000."""
    query = sqlfiles.query("triggers", "conversation_with_old_timestamp")
    return db.execute(query, {"tenant": actor.tenant_id, "user": actor.user}).fetchone()[0]


def updated_at(db, conversation: str) -> dt.datetime:
    return db.execute("select updated_at from conversations where id = %s", (conversation,)).fetchone()[0]


@pytest.mark.parametrize("writer", ["postgres", "alice"])
def test_update_advances_updated_at(db, act_as, cast, writer):
    """Step 1 - Test trigger: insert a conversation, update it, updated_at changed (as owner and as a user)."""
    conversation = probe(db, cast["alice"])
    if writer == "postgres":
        db.execute("update conversations set title = 'renamed' where id = %s", (conversation,))
    else:
        with act_as(writer):
            assert db.execute("update conversations set title = 'renamed' where id = %s", (conversation,)).rowcount == 1
    assert updated_at(db, conversation) > PAST, (
        f"Step 1: Apply Migration 003 (Conversations) - Test trigger: updated_at stayed {PAST} "
        f"after an UPDATE by {writer}"
    )


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
        "Step 2: Apply Migration 004 (Messages) - Test trigger (conversation timestamp update): "
        f"updated_at is {updated_at(db, conversation)} after a message by {writer}, expected {now}"
    )


def test_failed_message_insert_leaves_conversation_alone(db, cast):
    """A refused message does not touch its conversation."""
    conversation = probe(db, cast["alice"])
    with refused(db, "23514", "messages_role_check"):
        db.execute("insert into messages (conversation_id, role, content) values (%s, 'invalid', 'x')", (conversation,))
    assert updated_at(db, conversation) == PAST, "a refused message changed its conversation's updated_at"


def test_message_takes_its_conversations_tenant(db, cast):
    """messages.tenant_id comes from the conversation, whatever the writer sent."""
    conversation = probe(db, cast["alice"])
    tenant = db.execute(
        "insert into messages (conversation_id, tenant_id, role, content) values (%s, %s, 'user', 'x') "
        "returning tenant_id",
        (conversation, cast["carol"].tenant_id),
    ).fetchone()[0]
    assert str(tenant) == cast["alice"].tenant_id, f"message stored in tenant {tenant}, its conversation is acme's"
