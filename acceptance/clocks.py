"""Two clocks for a typical query: the request as PostgREST sends it, and the server's own execution time.

The request clock is what the 50 ms budget is about and what a user waits for: one transaction (BEGIN READ ONLY
for a GET, the transaction-scoped settings of acceptance/impersonation.py with the role's own settings, the query,
COMMIT), sent in pipeline mode so that it costs one round trip, the fewest any client pays. Like PostgREST, it
sends the query prepared, so that after five executions the plan cache may switch to a generic plan.

The server clock is what the database spends, read two ways. EXPLAIN (ANALYZE, TIMING OFF)'s Execution Time of the
query with its parameters, in the same impersonated transaction (without the per-node timing that would inflate
it), is the custom plan's cost: stable, and what the plan checks read. pg_stat_statements' mean over the request
clock's own executions, where the server has it, is what those requests cost with the plan they really ran; the
two differ when the generic plan is worse. What lies between the request and the executions is the harness and
the network, reported on its own so that a reader sees where the time goes.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from psycopg.types.json import Json

from acceptance import sqlfiles
from acceptance.impersonation import Actor, Request, acting_as, settings


@dataclass(frozen=True)
class Spread:
    """A sample of timings (ms) summarised: what the report, the benchmark JSON and the nightly compare."""

    median: float
    p95: float
    iqr: float  # interquartile range: the noise a comparison with another run must allow for
    rounds: int
    best: float  # the fastest round: what the work costs with the least interference from the machine

    @classmethod
    def of(cls, timings: list[float]) -> Spread:
        ordered = sorted(timings)
        quartiles = statistics.quantiles(ordered, n=4) if len(ordered) > 1 else [ordered[0]] * 3
        p95 = ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]
        return cls(round(statistics.median(ordered), 4), round(p95, 4), round(quartiles[2] - quartiles[0], 4),
                   len(ordered), round(ordered[0], 4))  # fmt: skip

    def as_detail(self, prefix: str) -> dict[str, float | int]:
        return {f"{prefix}median_ms": self.median, f"{prefix}p95_ms": self.p95, f"{prefix}iqr_ms": self.iqr,
                f"{prefix}rounds": self.rounds, f"{prefix}best_ms": self.best}  # fmt: skip


def _settings(conn: psycopg.Connection, actor: Actor, request: Request) -> dict:
    role = dict(conn.execute(sqlfiles.query("clocks", "role_settings"), {"role": actor.role}).fetchall())
    return {
        # the transaction's own START TRANSACTION READ ONLY says whether it is read-only
        "request": settings(actor, request, read_only=False),
        "role": {"names": list(role), "values": list(role.values())},
    }


def request_once(conn: psycopg.Connection, actor: Actor, request: Request, query: str, params: dict) -> Callable:
    """A function that sends the request as PostgREST would, in one round trip, and returns its rows.

    `conn` must be in autocommit mode: the function opens and ends the request's transaction itself."""
    settings = _settings(conn, actor, request)
    begin = "start transaction isolation level read committed" + (" read only" if request.read_only else "")
    statements = [(begin, None), (sqlfiles.query("request", "settings"), settings["request"])]
    if settings["role"]["names"]:
        statements.append((sqlfiles.query("clocks", "apply_settings"), settings["role"]))

    def send() -> list:
        with conn.pipeline():
            for statement, args in statements:
                conn.execute(statement, args)
            cur = conn.execute(query, params)
            conn.execute("commit")
        return cur.fetchall()

    return send


def request_times(send: Callable, rounds: int) -> list[float]:
    """The request clock, ms per round, after one warm-up round."""
    send()
    timings = []
    for _ in range(rounds):
        began = time.perf_counter()
        send()
        timings.append((time.perf_counter() - began) * 1000)
    return timings


def explain(conn: psycopg.Connection, actor: Actor, request: Request, query: str, params: dict, options: str) -> dict:
    """EXPLAIN (`options`, FORMAT JSON) of the query as `actor` makes `request`, rolled back; the plan's top object
    (its "Plan", and "Execution Time", "Query Identifier" where the options ask for them)."""
    with acting_as(conn, actor, request):
        found = conn.execute(f"explain ({options}, format json) {query}", params).fetchone()[0]
    if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        conn.rollback()
    return (found.obj if isinstance(found, Json) else found)[0]


def server_times(conn: psycopg.Connection, actor: Actor, request: Request, query: str, params: dict,
                 rounds: int) -> tuple[list[float], list[float]]:  # fmt: skip
    """The server clock: (execution, planning) ms per round, each round one impersonated, rolled-back request."""
    executions, plannings = [], []
    for _ in range(rounds + 1):  # the first round warms the cache and is dropped
        top = explain(conn, actor, request, query, params, "analyze, timing off, summary on")
        executions.append(top["Execution Time"])
        plannings.append(top["Planning Time"])
    return executions[1:], plannings[1:]


def query_id(conn: psycopg.Connection, actor: Actor, request: Request, query: str, params: dict) -> int | None:
    """The query's identifier (EXPLAIN VERBOSE shows it where compute_query_id is on, as pg_stat_statements sets)."""
    return explain(conn, actor, request, query, params, "verbose").get("Query Identifier")


def reset_statement(conn: psycopg.Connection, role: str, queryid: int | None) -> bool:
    """Forget the statement's counters as run by `role`; False where pg_stat_statements cannot be read here."""
    if queryid is None:
        return False
    try:
        with conn.transaction():
            conn.execute(sqlfiles.query("clocks", "statement_reset"), {"role": role, "queryid": queryid})
    except psycopg.Error:  # not installed in this database, or not ours to reset
        return False
    return True


def statement_stats(conn: psycopg.Connection, role: str, queryid: int) -> dict | None:
    """calls, mean, stddev, min and max execution time (ms) of the statement as `role` ran it since the reset."""
    row = conn.execute(sqlfiles.query("clocks", "statement_stats"), {"role": role, "queryid": queryid}).fetchone()
    if row is None:
        return None
    calls, mean, stddev, least, most = row
    return {"calls": calls, "mean_ms": round(mean, 4), "stddev_ms": round(stddev, 4), "min_ms": round(least, 4),
            "max_ms": round(most, 4)}  # fmt: skip
