"""Safe against an existing database: a staging run leaves no trace, a production run writes nothing."""

from __future__ import annotations

import itertools
import re
import subprocess
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from acceptance import sqlfiles
from acceptance.target import janitor
from selftests import snapshot
from selftests.conftest import TARGET_CHECKS_ONLY, apply, run_suite
from selftests.junit import Outcome, outcomes

TRACES = tomllib.loads((snapshot.DATA / "residue_traces.toml").read_text())
ITEM = "Safe against an existing database"
_numbers = itertools.count(1)


@pytest.fixture
def existing_db(server, template) -> Iterator[str]:
    """A staging-like database: a clone of the migrated, seeded template, dropped afterwards."""
    name = f"{template}_existing{next(_numbers)}"
    with janitor(server.conninfo(), name, template=template):
        yield server.conninfo(name)


def _run(conninfo: str, statements: str | None) -> None:
    if statements:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(statements)


def marked(dsn: str, kind: str, marker: str) -> set[str]:
    """The node ids pytest itself selects with `-m marker` against this target."""
    result = run_suite(*TARGET_CHECKS_ONLY, "--dsn", dsn, "--target", kind, "--collect-only", "-m", marker)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    return {line.strip() for line in result.stdout.splitlines() if re.match(r"^tests/\S+::", line)}


def run_whole_suite(dsn: str, kind: str, report: Path) -> tuple[subprocess.CompletedProcess, dict[str, Outcome]]:
    """The whole acceptance suite against `dsn` as `kind`, as a user runs it; the process and its outcomes."""
    started = time.monotonic()
    result = run_suite(*TARGET_CHECKS_ONLY, "--dsn", dsn, "--target", kind, f"--junitxml={report}")
    found = outcomes(report) if report.exists() else {}
    counts = ", ".join(f"{s} {sum(o.status == s for o in found.values())}" for s in ("passed", "skipped", "failed"))
    print(f"\n{kind} run: {len(found)} tests in {time.monotonic() - started:.1f} s: {counts}")
    return result, found


def assert_passed(result: subprocess.CompletedProcess, found: dict[str, Outcome], kind: str) -> None:
    tail = result.stdout[-4000:] + result.stderr[-2000:]
    exit_code = result.returncode
    assert exit_code == 0, f"{ITEM}: the suite does not pass on a {kind} target (exit {exit_code})\n{tail}"
    bad = [o.nodeid for o in found.values() if o.status in ("failed", "error")]
    assert not bad, f"{ITEM}: failed on a {kind} target: {bad}"


def assert_no_trace(before: snapshot.Snapshot, after: snapshot.Snapshot, kind: str, result) -> None:
    lines = snapshot.differences(before, after)
    last = (result.stdout.strip().splitlines() or ["no output"])[-1]
    assert not lines, f"{ITEM}: the {kind} run ({last}) left a trace:\n    " + "\n    ".join(lines)


@pytest.mark.parametrize("name", list(TRACES))
def test_snapshot_sees_a_trace(server, existing_db, name):
    """Each kind of trace a careless test could leave shows in the snapshot, in the facet meant to catch it."""
    trace = TRACES[name]
    _run(existing_db, trace.get("setup"))
    before = snapshot.take(existing_db)
    assert snapshot.differences(before, snapshot.take(existing_db)) == [], "the snapshot is not repeatable"
    try:
        _run(existing_db, trace["do"])
        lines = snapshot.differences(before, snapshot.take(existing_db))
    finally:
        _run(server.conninfo(), trace.get("undo"))
    for facet in trace["facets"]:
        assert any(line.startswith(f"{facet}:") and trace["names"] in line for line in lines), (
            f"{name}: the {facet} facet does not show it; the snapshot differs in:\n" + "\n".join(lines)
        )


def test_snapshot_covers_the_exposed_schema(existing_db):
    """Every table and materialized view of public is checksummed, the seeded ones with their rows."""
    rows = snapshot.take(existing_db)["rows"]
    public = {name for name in rows if name.startswith("public.")}
    for table in ("tenants", "users", "conversations", "messages", "feedback", "usage_metrics"):
        assert f"public.{table}" in public
        assert not rows[f"public.{table}"].startswith("0 rows"), f"public.{table} is empty: not a seeded clone"
    assert {"public.message_feedback_summary", "public.monthly_usage_summary"} <= public


def misgated(dsn: str, kind: str, expression: str, found: dict, gated) -> list[str]:
    """The tests selected by the marker `expression` whose outcome on a `kind` target is not `gated`."""
    names = marked(dsn, kind, expression)
    assert names, f"no test carries the markers {expression!r}: the gating check proves nothing"
    assert names <= set(found), f"not in the report: {sorted(names - set(found))}"
    return [f"{n}: {found[n].status} {found[n].message}" for n in sorted(names) if not gated(found[n])]


def test_staging_run_leaves_no_trace(existing_db, tmp_path):
    """The whole suite passes on a staging target, skips only what must commit, and leaves the database as it was."""
    before = snapshot.take(existing_db)
    result, found = run_whole_suite(existing_db, "staging", tmp_path / "staging.xml")
    assert_no_trace(before, snapshot.take(existing_db), "staging", result)
    assert_passed(result, found, "staging")
    wrong = misgated(existing_db, "staging", "commits", found, lambda o: o.message.startswith("staging target:"))
    assert not wrong, f"{ITEM}: tests that commit ran or were skipped for another reason on staging: {wrong}"
    writing = marked(existing_db, "staging", "writes and not commits")
    assert any(found[n].status == "passed" for n in writing), "no rolled-back writer ran on staging"


def test_production_run_writes_nothing(existing_db, tmp_path):
    """On a production target the suite passes, every test that writes is skipped naming the target, nothing changes."""
    before = snapshot.take(existing_db)
    result, found = run_whole_suite(existing_db, "production", tmp_path / "production.xml")
    assert_no_trace(before, snapshot.take(existing_db), "production", result)
    assert_passed(result, found, "production")
    wrong = misgated(
        existing_db, "production", "writes or commits", found,
        lambda o: o.status == "skipped" and "production target" in o.message,
    )  # fmt: skip
    assert not wrong, f"{ITEM}: tests that write were not skipped as such on production: {wrong}"
    assert any(o.status == "passed" for o in found.values()), "nothing ran on production"


@pytest.mark.parametrize("kind", ["staging", "production"])
def test_supabase_shaped_target_passes_and_keeps_no_trace(supabase_db, tmp_path, kind):
    """On a database shaped by Supabase's own init statements (old default privileges, GoTrue's auth functions,
    a demoted postgres), migrated as postgres without the imitation's extras, the whole suite passes as staging and
    as production, connected as postgres, and the snapshot taken by the superuser is unchanged."""
    for path in sqlfiles.deployment_files():
        apply(supabase_db["postgres"], path)
    before = snapshot.take(supabase_db["admin"])
    result, found = run_whole_suite(supabase_db["postgres"], kind, tmp_path / f"{kind}.xml")
    assert_no_trace(before, snapshot.take(supabase_db["admin"]), kind, result)
    assert_passed(result, found, kind)
