"""Application Integration: the operations the app performs through the Supabase client, as PostgREST runs them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from acceptance import sqlfiles
from acceptance.errors import refused
from acceptance.identities import resolve

pytestmark = [
    pytest.mark.app,
    pytest.mark.writes,
    pytest.mark.usefixtures("seeded"),
    pytest.mark.checklist("app-operations"),
]

STREAM = ["Here", "is the", "answer."]


def op(name: str) -> str:
    return sqlfiles.query("app", name)


@pytest.fixture
def alice(act_as):
    """The request's transaction, as alice (acme) signed in."""
    with act_as("alice") as actor:
        yield actor


def new_conversation(db, actor, title="Planning") -> dict:
    row = db.execute(op("create_conversation"), {"tenant": actor.tenant_id, "user": actor.user, "title": title})
    return dict(zip(["id", "title", "is_archived", "created_at", "updated_at"], row.fetchone(), strict=True))


@pytest.mark.checklist("app-conversation-crud")
def test_conversation_crud(db, alice):
    """Conversation CRUD operations working: create, list first, archive (leaves the list), delete with messages."""
    conversation = new_conversation(db, alice)
    assert conversation["title"] == "Planning"
    assert not conversation["is_archived"]
    db.execute(op("append_message"), {"conversation": conversation["id"], "role": "user", "content": "hi", "tokens": 0})
    listed = [row[0] for row in db.execute(op("list_conversations"))]
    assert listed[0] == conversation["id"], f"the new conversation is not first: {listed}"
    assert db.execute(op("archive_conversation"), {"conversation": conversation["id"]}).fetchone()[1] is True
    assert conversation["id"] not in [row[0] for row in db.execute(op("list_conversations"))]
    deleted = db.execute(op("delete_conversation"), {"conversation": conversation["id"]}).fetchall()
    assert len(deleted) == 1, f"delete returned {deleted}"
    left = db.execute(op("list_messages"), {"conversation": conversation["id"]}).fetchall()
    assert left == [], f"messages survived their conversation: {left}"


@pytest.mark.checklist("app-message-insert")
def test_streamed_messages_keep_their_order(db, alice):
    """Message streaming/insertion working: parts appended one by one in one transaction read back in order."""
    conversation = new_conversation(db, alice)
    for part in STREAM:
        row = db.execute(
            op("append_message"),
            {"conversation": conversation["id"], "role": "assistant", "content": part, "tokens": 1},
        ).fetchone()
        assert str(row[1]) == alice.tenant_id
    found = [content for _, content in db.execute(op("list_messages"), {"conversation": conversation["id"]})]
    assert found == STREAM, f"read back {found}"


@pytest.mark.checklist("app-feedback-submit")
def test_feedback_submit_and_change(db, alice):
    """Feedback submission working: the upsert on (message_id, user_id) creates, then changes the one row."""
    params = {"message": resolve("@bob_answer"), "user": alice.user, "comment": None}
    first = db.execute(op("upsert_feedback"), {**params, "rating": 4}).fetchone()
    second = db.execute(op("upsert_feedback"), {**params, "rating": 2, "comment": "On reflection, no."}).fetchone()
    assert first[0] == second[0], "a second row was created"
    assert second[1:] == (2, "On reflection, no.")


@pytest.mark.checklist("app-usage-tracking")
def test_usage_tracking(db, alice):
    """Usage tracking working: two recorded responses add up for the day."""
    params = {"tenant": alice.tenant_id, "user": alice.user, "input": 10, "output": 20, "cost": Decimal("0.001")}
    before = db.execute(op("record_usage"), params).fetchone()
    after = db.execute(op("record_usage"), params).fetchone()
    assert after == (before[0] + 1, before[1] + 10, before[2] + 20, before[3] + Decimal("0.001"))


@pytest.mark.checklist("app-transactions")
def test_message_and_usage_roll_back_together(db, alice):
    """Transaction handling: a failure after a message and its usage undoes both."""
    conversation = new_conversation(db, alice)
    usage = {"tenant": alice.tenant_id, "user": alice.user, "input": 1, "output": 1, "cost": Decimal("0.5")}
    before = db.execute(op("record_usage"), {**usage, "input": 0, "output": 0, "cost": 0}).fetchone()[0]
    with refused(db, "23514", "messages_role_check", context="message and usage in one transaction"):
        db.execute(
            op("append_message"), {"conversation": conversation["id"], "role": "user", "content": "q", "tokens": 0}
        )
        db.execute(op("record_usage"), usage)
        db.execute(
            op("append_message"), {"conversation": conversation["id"], "role": "bot", "content": "a", "tokens": 1}
        )
    assert db.execute(op("list_messages"), {"conversation": conversation["id"]}).fetchall() == []
    requests = db.execute(op("record_usage"), {**usage, "input": 0, "output": 0, "cost": 0}).fetchone()[0]
    assert requests == before + 1, "Transaction handling: usage recorded in the failed transaction survived"


@pytest.mark.checklist("app-error-handling")
@pytest.mark.parametrize(
    ("operation", "params", "sqlstate"),
    [
        ("append_message", {"conversation": "@carol_conversation", "role": "user"}, "42501"),
        ("upsert_feedback", {"message": "@carol_answer", "rating": 5}, "42501"),
        ("upsert_feedback", {"message": "@alice_rated_message", "rating": 9}, "23514"),
        ("record_usage", {"tenant": "@globex", "input": 1}, "42501"),
    ],
    ids=["message-into-other-tenant", "feedback-on-other-tenant", "rating-out-of-range", "usage-for-other-tenant"],
)
def test_documented_failures(db, alice, operation, params, sqlstate):
    """Error handling for database operations: each documented failure returns its specific SQLSTATE."""
    defaults = {"tenant": alice.tenant_id, "user": alice.user, "content": "x", "tokens": 0, "comment": None}
    defaults |= {"output": 1, "cost": Decimal("0.001"), "input": 1}
    with refused(db, sqlstate, context=f"{alice.banner()} {operation}"):
        db.execute(op(operation), {**defaults, **resolve(params)})
