"""Monitoring Setup and Scheduled Maintenance: the checklist's queries and statements run and see every object."""

from __future__ import annotations

import time

import psycopg
import pytest

from acceptance import contract, diff, sqlfiles
from acceptance.impersonation import Request, acting_as, actors
from acceptance.pgserver import CRON_DATABASE
from acceptance.target import janitor

pytestmark = pytest.mark.maintenance

TABLES = contract.schema()["tables"]
MAINTENANCE = sqlfiles.SQL / "maintenance"
SLOW = contract.load("lifecycle")["maintenance"]["slow_queries"]
# The typical queries of the performance budgets that depend on an index.
BUDGETED = {name: spec for name, spec in contract.load("budgets")["queries"].items() if spec["indexes"]}
STATS_WAIT_SECONDS = 10


def run(conn, name: str, params: dict | None = None) -> list[tuple]:
    return conn.execute((MAINTENANCE / f"{name}.sql").read_text(), params).fetchall()


@pytest.mark.checklist("monitor-table-size")
def test_table_size_query_lists_the_four_tables(db):
    """Monitor table size growth: the checklist's query returns a size for each of the four tables."""
    found = {row[1] for row in run(db, "table_sizes")}
    missing = set(TABLES) - found
    assert not missing, f"Monitoring Setup - Monitor table size growth: no row for {sorted(missing)}"


@pytest.mark.checklist("monitor-index-usage")
def test_index_usage_query_lists_the_24_indexes(db):
    """Monitor index usage: the checklist's query returns every one of the 24 indexes of the four tables."""
    found = {row[2] for row in run(db, "index_usage") if row[1] in TABLES}
    expected = {index for spec in TABLES.values() for index in spec["indexes"]}
    diff.same_set(found, expected, "Monitoring Setup - Monitor index usage", "indexes reported")


@pytest.mark.checklist("maint-weekly-vacuum")
def test_weekly_vacuum_analyze(fresh_db):
    """Schedule weekly VACUUM ANALYZE: the statements run outside a transaction and the statistics show it."""
    fresh_db.autocommit = True
    for statement in sqlfiles.statements(MAINTENANCE / "weekly_vacuum.sql"):
        fresh_db.execute(statement)
    query = "select relname from pg_stat_user_tables where last_vacuum is not null and last_analyze is not null"
    deadline = time.monotonic() + 10
    while True:  # the statistics collector reports asynchronously
        fresh_db.execute("select pg_stat_clear_snapshot()")
        done = {r[0] for r in fresh_db.execute(query)} & set(TABLES)
        if done == set(TABLES) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    diff.same_set(done, TABLES, "Scheduled Maintenance - weekly VACUUM ANALYZE", "tables vacuumed and analyzed")


@pytest.mark.checklist("maint-daily-refresh", "maint-refresh-job")
@pytest.mark.commits
def test_daily_refresh_schedule(target, session_conn):
    """Schedule daily materialized view refresh: both pg_cron jobs exist and refresh CONCURRENTLY."""
    (may_create,) = session_conn.execute(sqlfiles.query("maintenance", "may_create_pg_cron")).fetchone()
    session_conn.rollback()
    if not may_create:
        pytest.skip("pg_cron cannot be created by this role here (permission denied to create extension: not a "
                    "superuser, and supautils does not list it); Supabase ships it")  # fmt: skip
    with (
        janitor(target.conninfo, CRON_DATABASE, template=target.template),
        psycopg.connect(target.conninfo_for(CRON_DATABASE), autocommit=True) as conn,
    ):
        try:
            conn.execute("create extension if not exists pg_cron")
        except psycopg.Error as exc:
            pytest.skip(f"pg_cron cannot be loaded on this server ({exc.diag.message_primary}); Supabase ships it")
        conn.execute((MAINTENANCE / "schedule_refresh.sql").read_text())
        jobs = dict(conn.execute("select jobname, command from cron.job").fetchall())
        conn.execute("drop extension pg_cron")
    assert set(jobs) == {"refresh-message-feedback-summary", "refresh-monthly-usage-summary"}, jobs
    assert all("CONCURRENTLY" in command for command in jobs.values()), jobs


def shown(queries: set[str]) -> list[str]:
    """Statement texts without their comments, shortened, for failure messages."""
    return sorted(" ".join(line for line in q.splitlines() if not line.startswith("--"))[:90] for q in queries)


def reported_slow(conn, threshold_ms: float) -> set[str]:
    """The statement texts sql/maintenance/slow_queries.sql reports at a threshold."""
    return {row[-1] for row in run(conn, "slow_queries", {"threshold_ms": threshold_ms})}


@pytest.mark.checklist("monitor-slow-queries")
def test_slow_query_monitoring(fresh_db, cast):
    """Monitor slow queries (> 100ms): pg_stat_statements reports a query over the threshold and not a fast one;
    a query just over the threshold is not yet an alert (> 1 second)."""
    item = f"Monitoring Setup - Monitor slow queries (> {SLOW['monitor_ms']:.0f}ms)"
    fresh_db.autocommit = True
    try:
        fresh_db.execute("create extension if not exists pg_stat_statements")
        fresh_db.execute("select count(*) from pg_stat_statements")
    except psycopg.Error as exc:
        pytest.skip(f"pg_stat_statements is not usable here ({exc.diag.message_primary}); Supabase preloads it")
    fresh_db.execute("select pg_sleep(%(seconds)s)", {"seconds": SLOW["slow_probe_seconds"]})
    fresh_db.execute(sqlfiles.query("performance", "conversation_list"), {"tenant": cast["alice"].tenant_id})
    tracked = reported_slow(fresh_db, -1)  # every statement of this database
    slow = {q for q in tracked if "pg_sleep" in q}
    fast = {q for q in tracked if "from conversations" in q.lower()}
    assert slow and fast, f"{item}: pg_stat_statements did not track the probe queries: {shown(tracked)}"
    reported = reported_slow(fresh_db, SLOW["monitor_ms"])
    assert slow <= reported, f"{item}: the {SLOW['slow_probe_seconds']} s query is not reported: {shown(reported)}"
    assert not fast & reported, f"{item}: the typical conversation list is reported as slow: {shown(reported)}"
    alerts = reported_slow(fresh_db, SLOW["alert_ms"])
    assert not slow & alerts, (
        f"Alerts Configuration - Alert on slow queries (> 1 second): the {SLOW['slow_probe_seconds']} s query "
        f"alerts at {SLOW['alert_ms']:.0f} ms: {shown(alerts)}"
    )


def index_scans(conn) -> dict[str, int]:
    """idx_scan per index as the checklist's index-usage query shows it now (a fresh statistics snapshot)."""
    conn.execute("select pg_stat_clear_snapshot()")
    scans = {row[2]: row[3] for row in run(conn, "index_usage")}
    conn.rollback()
    return scans


def flush_statistics(conn) -> None:
    """Make this backend publish its pending counters when it goes idle (PostgreSQL 15 batches them)."""
    conn.execute("select pg_stat_force_next_flush()")
    conn.rollback()


@pytest.mark.checklist("monitor-index-usage")
@pytest.mark.parametrize("name", list(BUDGETED))
def test_budgeted_index_shows_scans(volume_conn, volume, name):
    """After a typical query of the performance budgets, the index-usage query shows a new idx_scan on one of
    the indexes its budget depends on."""
    spec, conn = BUDGETED[name], volume_conn
    actor = volume.largest_tenant_user if spec["as"] == "user" else actors()["service_role"]
    before = index_scans(conn)
    with acting_as(conn, actor, Request("GET", f"/{name}")):
        conn.execute(sqlfiles.query("performance", name), volume.names).fetchall()
    flush_statistics(conn)
    deadline = time.monotonic() + STATS_WAIT_SECONDS
    while True:  # counters reach the shared statistics asynchronously
        after = index_scans(conn)
        gained = {index: after[index] for index in spec["indexes"] if after.get(index, 0) > before.get(index, 0)}
        if gained or time.monotonic() > deadline:
            break
        flush_statistics(conn)
        time.sleep(0.1)
    counts = {index: (before.get(index), after.get(index)) for index in spec["indexes"]}
    assert gained, (
        f"Monitoring Setup - Monitor index usage: after the typical query {name}, none of the indexes its budget "
        f"depends on shows a new scan (idx_scan before, after): {counts}"
    )
