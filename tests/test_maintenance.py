"""Monitoring Setup and Scheduled Maintenance: the checklist's queries and statements run and see every object."""

from __future__ import annotations

import time

import psycopg
import pytest

from fixtures import expect, sqlfiles
from fixtures.fix_target import janitor
from fixtures.pgserver import CRON_DATABASE

pytestmark = pytest.mark.maintenance

TABLES = expect.schema()["tables"]
MAINTENANCE = sqlfiles.SQL / "maintenance"


def run(conn, name: str) -> list[tuple]:
    return conn.execute((MAINTENANCE / f"{name}.sql").read_text()).fetchall()


def test_table_size_query_lists_the_four_tables(db):
    """Monitor table size growth: the checklist's query returns a size for each of the four tables."""
    found = {row[1] for row in run(db, "table_sizes")}
    missing = set(TABLES) - found
    assert not missing, f"Monitoring Setup - Monitor table size growth: no row for {sorted(missing)}"


def test_index_usage_query_lists_the_24_indexes(db):
    """Monitor index usage: the checklist's query returns every one of the 24 indexes of the four tables."""
    found = {row[2] for row in run(db, "index_usage") if row[1] in TABLES}
    expected = {index for spec in TABLES.values() for index in spec["indexes"]}
    expect.same_set(found, expected, "Monitoring Setup - Monitor index usage", "indexes reported")


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
    expect.same_set(done, TABLES, "Scheduled Maintenance - weekly VACUUM ANALYZE", "tables vacuumed and analyzed")


@pytest.mark.commits
def test_daily_refresh_schedule(target):
    """Schedule daily materialized view refresh: both pg_cron jobs exist and refresh CONCURRENTLY."""
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
