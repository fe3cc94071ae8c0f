"""Requests as PostgREST makes them (acceptance/impersonation.py): what a request's SQL sees of the request, READ ONLY
for GET, the role's own settings (anon's 3 s statement_timeout cancels a longer query, as in production), and a
harness that did not become the actor failing loudly instead of passing every RLS check. Read-only on the target.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import psycopg
import pytest
from psycopg.rows import dict_row

from acceptance import diff, sqlfiles
from acceptance.errors import Refusal, refused
from acceptance.impersonation import ACTORS, Actor, ImpersonationError, Request, acting_as
from acceptance.target import Target

pytestmark = [pytest.mark.rls, pytest.mark.usefixtures("seeded")]

ROLES = ACTORS["roles"]
QUERY_CANCELED = "57014"  # statement_timeout's SQLSTATE, as a cancel's
WHO = ["anon", "alice", "service_role"]


def seen(db) -> dict:
    with db.cursor(row_factory=dict_row) as cur:
        return cur.execute(sqlfiles.query("request", "seen")).fetchone()


@pytest.mark.parametrize("name", WHO)
def test_a_request_carries_what_postgrest_sends(db, cast, name):
    """The request's SQL sees its method, path, headers and cookies, the token's whole claim set, and auth.uid(),
    auth.role() and auth.jwt() read them as Supabase's auth functions do."""
    actor = cast[name]
    with acting_as(db, actor, Request("GET", "/conversations")):
        found = seen(db)
    keys = ACTORS["claims"]["user_keys" if actor.user else "api_key_keys"]
    banner = actor.banner()
    assert (found["method"], found["path"]) == ("GET", "/conversations"), f"{banner}: {found}"
    assert found["headers"] == ACTORS["request"]["headers"] and found["cookies"] == {}, f"{banner}: {found}"
    diff.same_set(found["claims"], keys, banner, "claims in request.jwt.claims")
    assert found["jwt"] == found["claims"], f"{banner}: auth.jwt() is {found['jwt']}, the claims {found['claims']}"
    assert (found["uid"], found["role"]) == (actor.user, actor.role), f"{banner}: auth.uid(), auth.role() = {found}"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_get_runs_read_only_and_post_read_write(db, cast, method):
    """GET runs in a READ ONLY transaction, so a write in it is refused (25006); POST keeps the target's mode
    (read-write, but on a production target every transaction of the suite's is read-only)."""
    alice = cast["alice"]
    outside = seen(db)["read_only"]
    with acting_as(db, alice, Request(method, "/conversations")):
        assert seen(db)["read_only"] == ("on" if method == "GET" else outside), f"{alice.banner()} {method}"
        if method == "GET":
            with refused(db, "25006", context=f"{alice.banner()} a write in a GET request"):
                db.execute(sqlfiles.query("app", "archive_conversation"), {"conversation": None})


@pytest.mark.parametrize("name", WHO)
def test_the_roles_own_settings_apply_to_its_requests_only(db, cast, name):
    """The impersonated role's settings (ALTER ROLE ... SET) hold in its requests, and not after them."""
    actor = cast[name]
    before = seen(db)["statement_timeout"]
    wanted = ROLES[actor.role]["settings"].get("statement_timeout", before)
    with acting_as(db, actor, Request("GET", "/")):
        during = seen(db)["statement_timeout"]
    after = seen(db)["statement_timeout"]
    assert (during, after) == (wanted, before), (
        f"{actor.banner()}: statement_timeout {during} in the request (expected {wanted}), {after} after (was {before})"
    )


class LongerQuery:
    """anon's query that outlasts its statement_timeout, sent on a connection of its own from a thread: the seconds
    the server waits before it cancels the query pass while the rest of the run goes on, instead of adding to it.
    A GET, so READ ONLY and rolled back, as every request of this module."""

    def __init__(self, conninfo: str, anon: Actor) -> None:
        self.limit = ROLES["anon"]["settings"]["statement_timeout"]
        self.context = f"{anon.banner()} {self.limit}"
        self.error: BaseException | None = None
        self.refusal: Refusal | None = None
        self.conn = psycopg.connect(conninfo, connect_timeout=10)
        self.thread = threading.Thread(target=self._send, args=(anon,), daemon=True)
        self.thread.start()

    def _send(self, anon: Actor) -> None:
        try:
            with (
                acting_as(self.conn, anon, Request("GET", "/rpc/slow")),
                refused(self.conn, QUERY_CANCELED, context=self.context) as self.refusal,
            ):
                self.conn.execute("select pg_sleep(%s)", (float(self.limit.removesuffix("s")) + 0.3,))
        except BaseException as exc:  # re-raised in the test that judges it
            self.error = exc

    def outcome(self) -> Refusal:
        """Wait for the query; raise what its check raised (an AssertionError when nothing cancelled it)."""
        self.thread.join()
        if self.error is not None:
            raise self.error
        assert self.refusal is not None
        return self.refusal

    def close(self) -> None:
        if self.thread.is_alive():  # the run ended before its test (-x, a deselection): nobody waits for it
            self.conn.cancel_safe()
            self.thread.join()
        self.conn.close()


@pytest.fixture(scope="session", autouse=True)
def longer_query(request: pytest.FixtureRequest, target: Target, cast) -> Iterator[LongerQuery | None]:
    """Sent when the module starts, if its test runs in this session at all."""
    judge = test_anon_statement_timeout_cancels_a_longer_query.__name__
    wanted = any(item.originalname == judge for item in request.session.items if isinstance(item, pytest.Function))
    if not wanted:
        yield None
        return
    query = LongerQuery(target.conninfo, cast["anon"])
    try:
        yield query
    finally:
        query.close()


@pytest.mark.slow  # waits for what is left of anon's 3 s timeout
def test_anon_statement_timeout_cancels_a_longer_query(longer_query):
    """A query of anon's that runs longer than its statement_timeout is cancelled (57014), as PostgREST's is."""
    refusal = longer_query.outcome()
    assert refusal.sqlstate == QUERY_CANCELED, f"{longer_query.context}: {refusal}"


def test_a_session_that_is_the_connecting_role_fails_loudly(db):
    """ "Impersonating" the connecting role (the tables' owner, here a superuser or BYPASSRLS) raises before
    anything runs: a harness that forgot to switch roles cannot pass RLS checks."""
    with db.cursor(row_factory=dict_row) as cur:
        session = cur.execute(sqlfiles.query("request", "impersonated")).fetchone()
    if not (session["superuser"] or session["bypassrls"] or session["owned"]):
        pytest.skip(f"the connecting role {session['role']} is an ordinary role here: RLS applies to it")
    owner = Actor(name="the connecting role", role=session["role"])
    with pytest.raises(ImpersonationError, match="the harness did not become the actor"), acting_as(db, owner):
        pass


def test_a_role_that_bypasses_rls_unexpectedly_fails_loudly(db, monkeypatch):
    """A role that has BYPASSRLS where the harness expects none is refused by name."""
    monkeypatch.setitem(ROLES, "service_role", {**ROLES["service_role"], "bypassrls": False})
    actor = Actor(name="service_role", role="service_role")
    with pytest.raises(ImpersonationError, match="it has BYPASSRLS"), acting_as(db, actor, Request("GET", "/")):
        pass
