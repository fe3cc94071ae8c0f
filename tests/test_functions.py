"""All functions executable: increment_usage_metrics() records usage atomically and accumulates exactly."""

from __future__ import annotations

import datetime as dt
import threading
import time
from decimal import Decimal

import psycopg
import pytest

from acceptance import contract, identities
from acceptance.errors import refused
from acceptance.target import Target

pytestmark = [pytest.mark.functions, pytest.mark.writes, pytest.mark.usefixtures("seeded")]

CASES = contract.load("functions")
CALL = identities.resolve(CASES["checklist_call"])
# Not `select (f(...)).*`: that form calls the function once per output column.
INCREMENT = "select * from increment_usage_metrics(%s, %s, %s, %s, %s, %s)"
ROW = (
    "select request_count, input_tokens, output_tokens, cost_usd from usage_metrics"
    " where tenant_id = %s and user_id = %s and usage_date = %s"
)


def checklist_args(day: dt.date | None = None) -> tuple:
    return (CALL["tenant"], CALL["user"], day, CALL["input_tokens"], CALL["output_tokens"], Decimal(CALL["cost"]))


def usage(db, tenant: str, user: str, day) -> dict | None:
    row = db.execute(ROW, (tenant, user, day)).fetchone()
    return dict(zip(["request_count", "input_tokens", "output_tokens", "cost_usd"], row, strict=True)) if row else None


def today(db) -> dt.date:
    return db.execute("select current_date").fetchone()[0]


@pytest.mark.checklist("step4-increment", "structure-functions")
def test_checklist_call_creates_the_days_row(db):
    """The checklist's call, with a seeded tenant and user, creates today's row with its values."""
    day = today(db)
    assert usage(db, CALL["tenant"], CALL["user"], day) is None, "precondition: no usage row for today yet"
    db.execute(INCREMENT, checklist_args(day))
    assert usage(db, CALL["tenant"], CALL["user"], day) == {
        "request_count": 1,
        "input_tokens": CALL["input_tokens"],
        "output_tokens": CALL["output_tokens"],
        "cost_usd": Decimal(CALL["cost"]),
    }, "the first call did not record its values"


@pytest.mark.checklist("step4-increment", "structure-functions")
def test_second_call_accumulates_exactly(db):
    """Two checklist calls add up: 2 requests, 200 and 400 tokens, cost exactly 0.030 (numeric, not float)."""
    day = today(db)
    db.execute(INCREMENT, checklist_args(day))
    db.execute(INCREMENT, checklist_args(day))
    expected = {k: Decimal(v) if k == "cost_usd" else v for k, v in CALL["after_two_calls"].items()}
    assert usage(db, CALL["tenant"], CALL["user"], day) == expected, "two calls did not accumulate"


@pytest.mark.checklist("structure-functions")
def test_dates_and_users_stay_separate(db, cast):
    """A call for another date or another user leaves the first row alone."""
    day = today(db)
    db.execute(INCREMENT, checklist_args(day))
    db.execute(INCREMENT, checklist_args(day + dt.timedelta(days=1)))
    db.execute(INCREMENT, (CALL["tenant"], cast["carol"].user, day, 1, 1, Decimal("0.001")))
    assert usage(db, CALL["tenant"], CALL["user"], day)["request_count"] == 1
    assert usage(db, CALL["tenant"], CALL["user"], day + dt.timedelta(days=1))["request_count"] == 1


@pytest.mark.checklist("structure-functions")
@pytest.mark.parametrize("case", CASES["invalid"], ids=[c["name"] for c in CASES["invalid"]])
def test_invalid_arguments_fail_and_write_nothing(db, case):
    """NULL, negative and unknown arguments fail with a clear SQLSTATE and leave usage_metrics unchanged."""
    args = identities.resolve(case["args"], local={"tenant": CALL["tenant"], "user": CALL["user"], "today": today(db)})
    args[5] = Decimal(args[5])
    before = db.execute("select count(*), sum(cost_usd) from usage_metrics").fetchone()
    with refused(db, case["sqlstate"], context=f"functions.toml {case['name']}"):
        db.execute(INCREMENT, args)
    assert db.execute("select count(*), sum(cost_usd) from usage_metrics").fetchone() == before


@pytest.mark.checklist("structure-functions")
def test_parallel_callers_lose_nothing(fresh_db, target: Target):
    """N callers on their own connections making M calls each end with exact totals: no lost update, no 23505."""
    n, m = CASES["parallel"]["callers"], CASES["parallel"]["calls_each"]
    conninfo = target.conninfo_for(fresh_db.info.dbname)
    day = dt.date(2031, 1, 1)
    errors: list[BaseException] = []
    start = threading.Barrier(n)

    def caller() -> None:
        try:
            with psycopg.connect(conninfo, autocommit=True) as conn:
                start.wait()
                for _ in range(m):
                    conn.execute(INCREMENT, checklist_args(day))
        except BaseException as exc:  # reported below, with the others
            errors.append(exc)

    threads = [threading.Thread(target=caller) for _ in range(n)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    elapsed = time.monotonic() - began
    assert not errors, f"concurrent calls failed: {errors[:3]}"
    calls = n * m
    assert usage(fresh_db, CALL["tenant"], CALL["user"], day) == {
        "request_count": calls,
        "input_tokens": calls * CALL["input_tokens"],
        "output_tokens": calls * CALL["output_tokens"],
        "cost_usd": calls * Decimal(CALL["cost"]),
    }, f"{n} callers x {m} calls lost updates"
    print(f"\nincrement_usage_metrics: {n} callers x {m} calls = {calls} in {elapsed:.2f} s")
