"""Materialized Views: correct aggregations, refreshes that work and are fast, and the view current_day_usage."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import psycopg
import pytest
from hypothesis import given
from hypothesis import strategies as st
from psycopg import sql
from psycopg.rows import dict_row

from acceptance import contract, diff, sqlfiles, windows
from acceptance.identities import resolve
from acceptance.impersonation import Request

pytestmark = [pytest.mark.matviews, pytest.mark.usefixtures("seeded")]

DATA = contract.load("matviews")
MATVIEWS = list(DATA["matviews"])


def rows(db, query: str) -> list[dict]:
    with db.cursor(row_factory=dict_row) as cur:
        return cur.execute(query).fetchall()


def refresh(db, matview: str, concurrently: bool = False) -> None:
    how = sql.SQL("concurrently ") if concurrently else sql.SQL("")
    db.execute(sql.SQL("refresh materialized view {}{}").format(how, sql.Identifier(matview)))


def expected_feedback_summary(base: list[dict]) -> dict:
    """message_feedback_summary computed in Python from the base rows."""
    groups: dict = defaultdict(list)
    for r in base:
        groups[(r["message_id"], r["conversation_id"], r["tenant_id"])].append(r)
    return {
        message: {
            "conversation_id": conversation,
            "tenant_id": tenant,
            "feedback_count": len(rs),
            "average_rating": (Decimal(sum(r["rating"] for r in rs)) / len(rs)).quantize(
                Decimal("0.01"), ROUND_HALF_UP
            ),
            "positive_count": sum(r["rating"] >= DATA["positive_from"] for r in rs),
            "negative_count": sum(r["rating"] <= DATA["negative_to"] for r in rs),
            "last_feedback_at": max(r["updated_at"] for r in rs),
        }
        for (message, conversation, tenant), rs in groups.items()
    }


def expected_monthly_usage(base: list[dict]) -> dict:
    """monthly_usage_summary computed in Python from the base rows, months by calendar."""
    groups: dict = defaultdict(list)
    for r in base:
        groups[(r["tenant_id"], r["usage_date"].replace(day=1))].append(r)
    return {
        key: {
            "active_users": len({r["user_id"] for r in rs}),
            "request_count": sum(r["request_count"] for r in rs),
            "input_tokens": sum(r["input_tokens"] for r in rs),
            "output_tokens": sum(r["output_tokens"] for r in rs),
            "total_tokens": sum(r["input_tokens"] + r["output_tokens"] for r in rs),
            "cost_usd": sum(r["cost_usd"] for r in rs),
        }
        for key, rs in groups.items()
    }


def found_summary(db, matview: str) -> dict:
    key = DATA["matviews"][matview]["key"]
    found = {}
    for r in rows(db, f"select * from public.{matview}"):
        k = tuple(r.pop(c) for c in key)
        found[k[0] if len(k) == 1 else k] = r
    return found


EXPECTED = {"message_feedback_summary": expected_feedback_summary, "monthly_usage_summary": expected_monthly_usage}
BASE_ROWS = {"message_feedback_summary": "feedback_base_rows", "monthly_usage_summary": "usage_base_rows"}


def expected(db, matview: str) -> dict:
    """What `matview` must hold, computed in Python from the base rows in the database now."""
    return EXPECTED[matview](rows(db, sqlfiles.query("matviews", BASE_ROWS[matview])))


def each_matview(proves: str):
    """Parametrize by materialized view; each case proves its view's `proves` items (matviews.toml)."""
    specs = DATA["matviews"]
    return pytest.mark.parametrize(
        "matview", [pytest.param(m, marks=pytest.mark.checklist(*specs[m][proves]), id=m) for m in MATVIEWS]
    )


@pytest.mark.writes
@each_matview("aggregates")
def test_aggregates_match_independent_computation(db, matview):
    """After a refresh, every group equals the same aggregate computed in Python from the base rows."""
    refresh(db, matview)
    diff.same_mapping(found_summary(db, matview), expected(db, matview), matview, "rows computed from the base rows")


# Generated base rows span a year end and three month ends, so months split where the calendar does.
FIRST_DAY, LAST_DAY = dt.date(2024, 12, 20), dt.date(2025, 3, 10)
EXTRA_USERS = 6
MOMENTS = st.datetimes(dt.datetime(2024, 12, 1), dt.datetime(2025, 3, 31), timezones=st.just(dt.UTC))


@st.composite
def generated_base_rows(draw, messages: list[dict], users: list[dict]) -> tuple[list[dict], list[dict]]:
    """Feedback on seeded messages by users of the message's tenant, and daily usage of seeded users."""
    colleagues = defaultdict(list)
    for u in users:
        colleagues[u["tenant_id"]].append(u["id"])
    feedback = []
    for m in draw(st.lists(st.sampled_from(messages), max_size=len(messages))):
        for user in draw(st.lists(st.sampled_from(colleagues[m["tenant_id"]]), unique=True)):
            feedback.append({**m, "message_id": m["id"], "user_id": user, "rating": draw(st.integers(1, 5)),
                             "updated_at": draw(MOMENTS)})  # fmt: skip
    unique_feedback = list({(f["message_id"], f["user_id"]): f for f in feedback}.values())
    usage = draw(
        st.lists(
            st.fixed_dictionaries({
                "user": st.sampled_from(users),
                "usage_date": st.dates(FIRST_DAY, LAST_DAY),
                "request_count": st.integers(0, 10_000),
                "input_tokens": st.integers(0, 10**12),
                "output_tokens": st.integers(0, 10**12),
                "cost_usd": st.decimals(0, 10**6, places=6, allow_nan=False, allow_infinity=False),
            }),
            max_size=40,
            unique_by=lambda r: (r["user"]["id"], r["usage_date"]),
        )
    )  # fmt: skip
    usage = [{**r, "user_id": r["user"]["id"], "tenant_id": r["user"]["tenant_id"]} for r in usage]
    return unique_feedback, usage


@pytest.mark.checklist("matview-feedback-structure", "matview-monthly-aggregations")
@pytest.mark.writes
def test_generated_aggregates_match_independent_computation(session_conn):
    """On generated feedback and usage (any mix, empty included), both views equal the Python aggregation."""
    db = session_conn
    messages = rows(db, "select id, conversation_id, tenant_id from public.messages")
    tenants = [r["id"] for r in rows(db, "select id from public.tenants order by id")]
    db.rollback()
    # Seeded tenants have two users each, too few for averages like 7/3: add colleagues in every example.
    extra = [{"id": uuid.UUID(f"2f000000-0000-4000-8000-{t:06d}{n:06d}"), "tenant_id": tenant}
             for t, tenant in enumerate(tenants) for n in range(EXTRA_USERS)]  # fmt: skip

    @given(base=generated_base_rows(messages, extra))
    def check(base: tuple[list[dict], list[dict]]) -> None:
        feedback, usage = base
        try:
            with db.cursor() as cur:
                cur.executemany("insert into auth.users (id, email) values (%(id)s, %(id)s || '@x.test')", extra)
                cur.executemany(
                    "insert into public.users (id, tenant_id, email) values (%(id)s, %(tenant_id)s, %(id)s || '@x')",
                    extra,
                )
            db.execute("delete from public.feedback")
            db.execute("delete from public.usage_metrics")
            with db.cursor() as cur:
                cur.executemany(
                    "insert into public.feedback (message_id, user_id, rating, updated_at)"
                    " values (%(message_id)s, %(user_id)s, %(rating)s, %(updated_at)s)",
                    feedback,
                )
                cur.executemany(
                    "insert into public.usage_metrics (tenant_id, user_id, usage_date, request_count, input_tokens,"
                    " output_tokens, cost_usd) values (%(tenant_id)s, %(user_id)s, %(usage_date)s, %(request_count)s,"
                    " %(input_tokens)s, %(output_tokens)s, %(cost_usd)s)",
                    usage,
                )
            for matview, base_rows in (("message_feedback_summary", feedback), ("monthly_usage_summary", usage)):
                refresh(db, matview)
                diff.same_mapping(found_summary(db, matview), EXPECTED[matview](base_rows), matview,
                                    f"rows of {matview} on {len(base_rows)} generated base rows")  # fmt: skip
        finally:
            db.rollback()

    check()


@pytest.mark.checklist("matview-monthly-aggregations")
def test_month_boundary_splits_january_from_february(db):
    """The seed's 2025-01-31 and 2025-02-01 rows land in different months."""
    months = {k[1] for k in found_summary(db, "monthly_usage_summary")}
    assert {dt.date(2025, 1, 1), dt.date(2025, 2, 1)} <= months, f"monthly_usage_summary: months {months}"


@pytest.mark.writes
@pytest.mark.parametrize("concurrently", [False, True], ids=["refresh", "refresh-concurrently"])
@each_matview("refresh")
def test_readers_see_changes_only_after_refresh(db, cast, matview, concurrently):
    """New base rows show in the materialized view after REFRESH (plain or CONCURRENTLY), not before."""
    refresh(db, matview)
    bob = cast["bob"]
    db.execute(
        "insert into feedback (message_id, user_id, rating) values (%s, %s, 1)",
        (resolve("@alice_rated_message"), bob.user),
    )
    db.execute("select increment_usage_metrics(%s, %s, '2025-03-15', 10, 20, 0.5)", (bob.tenant_id, bob.user))
    stale = found_summary(db, matview)
    assert stale != expected(db, matview), "precondition: the base rows changed"
    refresh(db, matview, concurrently)
    diff.same_mapping(found_summary(db, matview), expected(db, matview), matview, "rows after refresh")


@pytest.mark.writes
@pytest.mark.checklist("matview-refresh-time")
@pytest.mark.parametrize("concurrently", [False, True], ids=["refresh", "refresh-concurrently"])
@each_matview("refresh")
def test_refresh_on_empty_tables_is_fast(db, matview, concurrently):
    """Test refresh performance: under 5 seconds for empty tables (emptied inside the rolled-back transaction)."""
    db.execute("delete from feedback")
    db.execute("delete from usage_metrics")
    began = time.perf_counter()
    refresh(db, matview, concurrently)
    elapsed = time.perf_counter() - began
    assert found_summary(db, matview) == {}
    assert elapsed < DATA["refresh_budget_seconds"], (
        f"{matview} took {elapsed:.2f} s, budget {DATA['refresh_budget_seconds']} s"
    )


@pytest.mark.checklist("step4-view")
def test_current_day_usage_shows_only_today(db, prepare):
    """current_day_usage has exactly the rows of usage_metrics dated today."""
    prepare(db, "current_day_usage")  # a seed loaded on an earlier day: its "today" rows become today's
    found = {(r["tenant_id"], r["user_id"]) for r in rows(db, "select * from current_day_usage")}
    today = {
        (r["tenant_id"], r["user_id"])
        for r in rows(db, sqlfiles.query("matviews", "usage_base_rows"))
        if r["usage_date"] == db.execute("select current_date").fetchone()[0]
    }
    assert found, "precondition: the seed has usage dated today"
    diff.same_set(found, today, "current_day_usage", "today's usage rows")


ZONES = DATA["time_zones"]


@pytest.mark.checklist("step4-view")
@pytest.mark.writes
@pytest.mark.parametrize("zone", ZONES)
def test_current_day_usage_counts_only_today(db, cast, zone):
    """current_day_usage counts the usage dated the session's current_date and none of the days around it
    (yesterday, tomorrow, month and year ends), in the server's time zone and in sessions far east and west."""
    today = windows.session_today(db, zone)
    alice = cast["alice"]
    planted = windows.plant(db, alice.tenant_id, alice.user, today)
    cur = db.execute(sqlfiles.query("windows", "current_day_usage"), {"tenant": alice.tenant_id})
    diff.same_set(
        windows.counted(windows.requests(cur), planted),
        windows.within(DATA["windows"]["current_day_usage"], today, planted),
        "matviews.toml [windows] current_day_usage",
        f"usage days current_day_usage counts in a session at {zone} (current_date {today})",
    )


@pytest.mark.checklist("matview-monthly-aggregations")
@pytest.mark.writes
@pytest.mark.parametrize("zone", ZONES)
def test_monthly_summary_splits_at_month_and_year_ends(db, cast, zone):
    """Each planted day, from the year end before today to the one after, lands in its own calendar month."""
    today = windows.session_today(db, zone)
    alice = cast["alice"]
    planted = windows.plant(db, alice.tenant_id, alice.user, today)
    found = {
        month: sorted(windows.counted(int(requests), planted))
        for month, requests in db.execute(sqlfiles.query("windows", "monthly_usage"), {"tenant": alice.tenant_id})
    }
    window = DATA["windows"]["monthly_usage_summary"]
    months = {day.replace(day=1) for day in planted}
    diff.same_mapping(
        found,
        {month: sorted(windows.within(window, month, planted)) for month in months},
        "matviews.toml [windows] monthly_usage_summary",
        f"the planted days of each month in monthly_usage_summary, refreshed in a session at {zone} "
        f"(current_date {today})",
    )


def test_current_day_usage_shows_only_the_callers_tenant(db, prepare, act_as):
    """As security invoker, the view shows a user only their own tenant's rows."""
    prepare(db, "current_day_usage")
    with act_as("alice", Request("GET", "/current_day_usage")) as alice:
        tenants = {str(r["tenant_id"]) for r in rows(db, "select tenant_id from current_day_usage")}
    assert tenants == {alice.tenant_id}, f"{alice.banner()} current_day_usage shows tenants {tenants}"


@pytest.mark.checklist("maint-daily-refresh")
@pytest.mark.parametrize("matview", MATVIEWS)
def test_concurrent_refresh_does_not_block_readers(fresh_db, target, matview):
    """During REFRESH ... CONCURRENTLY a reader on another connection gets its rows; a plain REFRESH blocks it."""
    outcomes = {}
    for concurrently in (True, False):
        refresh(fresh_db, matview, concurrently)  # the refresher holds its lock until it commits
        with psycopg.connect(target.conninfo_for(fresh_db.info.dbname), autocommit=True) as reader:
            reader.execute("set lock_timeout = '100ms'")  # the lock is held until the refresher ends: any wait shows it
            try:
                reader.execute(sql.SQL("select count(*) from {}").format(sql.Identifier(matview)))
                outcomes[concurrently] = "read"
            except psycopg.errors.LockNotAvailable:
                outcomes[concurrently] = "blocked"
        fresh_db.rollback()
    assert outcomes == {True: "read", False: "blocked"}, (
        f"Scheduled Maintenance - REFRESH MATERIALIZED VIEW CONCURRENTLY {matview}: readers {outcomes}"
    )
