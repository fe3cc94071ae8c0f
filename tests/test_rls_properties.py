"""Cross-tenant isolation, property-based: random multi-tenant datasets and a random actor, each example in one
transaction on the session connection that is rolled back. Reads: the actor sees exactly the rows the
policies allow, nothing of another tenant (sound) and everything of its own (complete), in every table and
the view. Writes: a random write by a random actor succeeds exactly when the access matrix says it should.

Examples per run come from the hypothesis profile (quick by default; ci, nightly: ACCEPTANCE_HYPOTHESIS_PROFILE
or --hypothesis-profile).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

import psycopg
import pytest
from hypothesis import assume, event, given
from hypothesis import strategies as st

from acceptance import diff
from acceptance.errors import refused
from acceptance.impersonation import Actor, Request, acting_as, actors
from acceptance.rls import MATRIX, WRITES, base_params, check, granted, outcome, prepare, query, visible

pytestmark = [
    pytest.mark.rls,
    pytest.mark.writes,
    pytest.mark.usefixtures("seeded"),
    pytest.mark.checklist("rls-isolation"),
]

SEED = actors()
# The objects whose writes act on an owner's row, as the matrix reads insert, update, delete and execute
# (the baseline tenants and users are written by service_role only, so random data adds nothing there).
RANDOM_WRITES = (
    "conversations",
    "messages",
    "feedback",
    "usage_metrics",
    "current_day_usage",
    "increment_usage_metrics",
)
WRITE_CELLS = [(name, command) for name in RANDOM_WRITES for command in WRITES if command in MATRIX["objects"][name]]


# --- the model ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class User:
    id: str
    tenant: str
    tenant_name: str
    seeded: bool = False


@dataclass(frozen=True)
class Conversation:
    id: str
    user: User


@dataclass(frozen=True)
class Message:
    id: str
    conversation: Conversation


@dataclass(frozen=True)
class Rating:
    id: str
    message: Message
    user: User


@dataclass(frozen=True)
class Usage:
    id: str
    user: User
    days_ago: int


@dataclass
class Dataset:
    tenants: list[tuple[str, str]] = field(default_factory=list)  # (id, slug)
    users: list[User] = field(default_factory=list)  # generated ones
    conversations: list[Conversation] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)
    usage: list[Usage] = field(default_factory=list)

    def rows(self, relation: str, today: datetime.date) -> set[tuple]:
        """(tenant, *key) of the generated rows of a relation, as the policies' semantics place them."""
        rows = {
            "tenants": {(t, t) for t, _ in self.tenants},
            "users": {(u.tenant, u.id) for u in self.users},
            "conversations": {(c.user.tenant, c.id) for c in self.conversations},
            "messages": {(m.conversation.user.tenant, m.id) for m in self.messages},
            "feedback": {(r.message.conversation.user.tenant, r.id) for r in self.ratings},
            "usage_metrics": {(u.user.tenant, u.id) for u in self.usage},
            "current_day_usage": {(u.user.tenant, u.user.id, str(today)) for u in self.usage if u.days_ago == 0},
        }
        return rows[relation]


SEEDED_USERS = [User(a.user, a.tenant_id, a.tenant, seeded=True) for a in SEED.values() if a.tenant]
_KINDS = {"tenant": 1, "user": 2, "conversation": 3, "message": 4, "feedback": 5, "usage": 6}


def _id(kind: str, n: int) -> str:
    # Far from the seed's UUIDs (which start with 1-6); every example is rolled back, so they can repeat.
    return str(uuid.UUID(int=(0xE << 124) | (_KINDS[kind] << 64) | n))


@st.composite
def datasets(draw) -> Dataset:
    """Tenants with users, some seeded users too, and their conversations, messages, ratings and usage."""
    ds = Dataset()
    for t in range(draw(st.integers(1, 3))):
        tenant = (_id("tenant", t), f"prop-{t}")
        ds.tenants.append(tenant)
        for _ in range(draw(st.integers(1, 3))):
            ds.users.append(User(_id("user", len(ds.users)), tenant[0], tenant[1]))
    pool = ds.users + SEEDED_USERS
    for n, owner in enumerate(draw(st.lists(st.sampled_from(pool), max_size=5))):
        ds.conversations.append(Conversation(_id("conversation", n), owner))
    if ds.conversations:
        for n, conversation in enumerate(draw(st.lists(st.sampled_from(ds.conversations), max_size=6))):
            ds.messages.append(Message(_id("message", n), conversation))
    raters = [(m, u) for m in ds.messages for u in pool if u.tenant == m.conversation.user.tenant]
    if raters:
        for n, (message, user) in enumerate(draw(st.lists(st.sampled_from(raters), unique=True, max_size=5))):
            ds.ratings.append(Rating(_id("feedback", n), message, user))
    # The seeded users already have today's usage: generated usage of theirs is from earlier days.
    days = [(u, d) for u in pool for d in range(4) if d or not u.seeded]
    for n, (user, days_ago) in enumerate(draw(st.lists(st.sampled_from(days), unique=True, max_size=6))):
        ds.usage.append(Usage(_id("usage", n), user, days_ago))
    return ds


def actor_for(draw, ds: Dataset) -> Actor:
    """A generated user, a seeded user, or one of anon, the stranger and service_role."""
    generated = [Actor(f"user {u.id[-4:]}", "authenticated", u.id, u.tenant_name, u.tenant) for u in ds.users]
    return draw(st.sampled_from(generated + list(SEED.values())), label="actor")


def load(conn: psycopg.Connection, ds: Dataset) -> datetime.date:
    """Insert the dataset as the connecting role; return the server's today."""
    (today,) = conn.execute("select current_date").fetchone()
    # A seed loaded on an earlier day: its "today" rows become today's.
    if why := prepare(conn, "current_day_usage"):
        pytest.skip(why)
    with conn.cursor() as cur:
        cur.executemany(query("dataset_tenant"), [{"id": t, "slug": slug} for t, slug in ds.tenants])
        cur.executemany(
            query("dataset_user"),
            [{"id": u.id, "tenant": u.tenant, "email": f"{u.id}@prop.test"} for u in ds.users],
        )
        cur.executemany(
            query("conversations_insert"),
            [{"new_id": c.id, "tenant": c.user.tenant, "user": c.user.id} for c in ds.conversations],
        )
        cur.executemany(
            query("messages_insert"),
            [{"new_id": m.id, "conversation": m.conversation.id, "claimed_tenant": None} for m in ds.messages],
        )
        cur.executemany(
            query("feedback_insert"),
            [{"new_id": r.id, "message": r.message.id, "user": r.user.id, "claimed_tenant": None} for r in ds.ratings],
        )
        cur.executemany(
            query("usage_metrics_insert"),
            [
                {
                    "new_id": u.id,
                    "tenant": u.user.tenant,
                    "user": u.user.id,
                    "date": today - datetime.timedelta(days=u.days_ago),
                }
                for u in ds.usage
            ],
        )
    return today


def matrix_actor(actor: Actor, owner: User) -> str:
    """Which of the matrix's actors `actor` is, relative to a row of `owner`."""
    if actor.role in ("anon", "service_role"):
        return actor.role
    if actor.tenant_id is None:
        return "stranger"
    if actor.user == owner.id:
        return "owner"
    return "same_tenant" if actor.tenant_id == owner.tenant else "other_tenant"


# --- reads --------------------------------------------------------------------------------------------------


@given(data=st.data())
def test_actor_sees_exactly_its_tenant(session_conn, data):
    """A random actor on random data sees, of every table and the view, exactly the rows of its own tenant
    (all rows for service_role, none for the stranger); a role the contract grants no SELECT is refused."""
    ds = data.draw(datasets(), label="dataset")
    actor = actor_for(data.draw, ds)
    conn = session_conn
    conn.rollback()
    try:
        today = load(conn, ds)
        for relation in MATRIX["isolation"]:
            everything = visible(conn, relation)
            generated = ds.rows(relation, today)
            diff.same_set(
                generated & everything, generated, f"{relation}: generated data", "rows where the model puts them"
            )
            request = Request("GET", f"/{relation}")
            if not granted(actor.role, relation, "SELECT"):
                with acting_as(conn, actor, request), refused(conn, "42501", context=f"{actor.banner()} {relation}"):
                    visible(conn, relation)
                continue
            with acting_as(conn, actor, request):
                seen = visible(conn, relation)
            allowed = {
                row
                for row in everything
                if actor.role == "service_role" or (actor.tenant_id is not None and row[0] == actor.tenant_id)
            }
            diff.same_set(
                seen,
                allowed,
                f"{actor.banner()} {relation}-select on random data",
                f"rows of public.{relation} visible (tenant, key); Extra = leaked, Missing = withheld",
            )
    finally:
        conn.rollback()


# --- writes -------------------------------------------------------------------------------------------------


def _reference(draw, ds: Dataset, name: str, command: str) -> tuple[User, dict]:
    """The owner's row a write acts on, drawn from the dataset, as (owner, statement parameters)."""
    if command in ("insert", "execute") and name not in ("messages", "feedback"):
        owner = draw(st.sampled_from(ds.users + SEEDED_USERS), label="owner")
        return owner, {}
    if name == "conversations" or (name == "messages" and command == "insert"):
        assume(ds.conversations)
        conversation = draw(st.sampled_from(ds.conversations), label="conversation")
        return conversation.user, {"id": conversation.id, "conversation": conversation.id}
    if name == "messages" or (name == "feedback" and command == "insert"):
        assume(ds.messages)
        message = draw(st.sampled_from(ds.messages), label="message")
        return message.conversation.user, {"id": message.id, "message": message.id}
    if name == "feedback":
        assume(ds.ratings)
        rating = draw(st.sampled_from(ds.ratings), label="rating")
        return rating.user, {"id": rating.id}
    rows = [u for u in ds.usage if name == "usage_metrics" or u.days_ago == 0]
    assume(rows)
    usage = draw(st.sampled_from(rows), label="usage")
    return usage.user, {"id": usage.id}


@given(data=st.data())
def test_random_write_succeeds_exactly_when_the_matrix_says(session_conn, data):
    """A random write (insert, update, delete, function call) by a random actor on a random row has the outcome
    of its access matrix cell, and a refused or filtered write changes nothing."""
    ds = data.draw(datasets(), label="dataset")
    actor = actor_for(data.draw, ds)
    name, command = data.draw(st.sampled_from(WRITE_CELLS), label="write")
    owner, reference = _reference(data.draw, ds, name, command)
    params = base_params(owner.tenant, owner.id, actor.user or owner.id) | reference
    if name == "feedback" and command == "insert":
        # One rating per user and message: a second one is a different question (23505), not this property's.
        assume(all((r.message.id, r.user.id) != (reference["message"], params["user"]) for r in ds.ratings))
    who = matrix_actor(actor, owner)
    cell = f"{name}-{command}-{who}"
    event(cell)
    expected = outcome(MATRIX["objects"][name][command][who])
    conn = session_conn
    conn.rollback()
    try:
        load(conn, ds)
        context = f"{actor.banner()} {cell} on random data"
        table = MATRIX["objects"][name]["table"]
        check(
            conn,
            actor,
            f"{name}_{command}",
            params,
            expected,
            context,
            table,
            request=Request.for_command(name, command),
        )
    finally:
        conn.rollback()
