"""scripts/rollback: the checklist's Rollback Execution as one command, in the right order, refusing production."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import pytest

from acceptance import catalog, diff, preflight, sqlfiles
from acceptance.cli.rollback import CONFIRM, ORDER
from acceptance.target import janitor
from selftests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "rollback"
ITEM = "Rollback Plan - Rollback Execution"
DEPENDENT_VIEW = "create view public.conversation_titles as select title from public.conversations"


def rollback(*args: str) -> subprocess.CompletedProcess:
    """Run scripts/rollback as an operator would, without the caller's ACCEPTANCE_ settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACCEPTANCE_", "PYTEST_"))}
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=120, check=False, cwd="/"
    )


def state(dsn: str) -> tuple[set[tuple], dict]:
    """What a rollback may change: the catalog fingerprint, and the rows of tenants and users."""
    return catalog.fingerprint(dsn), catalog.baseline_rows(dsn)


def error_line(result: subprocess.CompletedProcess) -> str:
    """The one line a failed run prints; nothing else on stderr, no traceback."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, f"{ITEM}: expected one error line, got:\n{result.stderr}"
    assert lines[0].startswith("rollback: error: "), lines[0]
    assert "Traceback" not in result.stdout + result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def baseline_fingerprint(server) -> Iterator[set[tuple]]:
    """The catalog of a database with only the Supabase layer and 001-002: what a full rollback must leave."""
    with janitor(server.conninfo(), "selftest_rollback_baseline"):
        conninfo = server.conninfo("selftest_rollback_baseline")
        migrations = sqlfiles.migration_files()[:2]
        for path in [*sqlfiles.supabase_files(), *migrations]:
            sqlfiles.apply_file(conninfo, path)
        yield catalog.fingerprint(conninfo)


def test_rolls_back_in_reverse_order_and_keeps_tenants_and_users(mutant, baseline_fingerprint):
    """On a disposable clone it runs rollback_006 ... rollback_003 in that order, one line each, and leaves the
    catalog of 001-002 alone, with every tenant and user row."""
    with mutant("select 1") as dsn:
        _, rows = state(dsn)
        result = rollback("--dsn", dsn, "--target", "disposable")
        assert result.returncode == 0, f"{ITEM}: exit {result.returncode}\n{result.stdout}{result.stderr}"
        steps = [line.split()[1].rstrip(":") for line in result.stdout.splitlines() if line.startswith("[")]
        assert steps == ORDER, f"{ITEM}: steps ran in the order {steps}"
        assert "verified: tables conversations, messages, feedback, usage_metrics removed" in result.stdout
        fingerprint, rows_after = state(dsn)
        diff.same_set(fingerprint, baseline_fingerprint, f"{ITEM} - Verify tables removed", "objects afterwards")
        assert rows_after == rows, f"{ITEM}: tenants and users changed: {rows} -> {rows_after}"


def test_production_is_refused_without_confirmation(mutant):
    """A production target without the confirmation flag ends with one line and exit 2, changing nothing; with
    the flag the same database is rolled back."""
    with mutant("select 1") as dsn:
        before = state(dsn)
        refused = rollback("--dsn", dsn, "--target", "production")
        assert refused.returncode == 2, f"{ITEM}: production without {CONFIRM} exited {refused.returncode}"
        assert CONFIRM in error_line(refused)
        assert refused.stdout == "", refused.stdout
        assert state(dsn) == before, f"{ITEM}: a refused production rollback changed the database"
        confirmed = rollback("--dsn", dsn, "--target", "production", CONFIRM)
        assert confirmed.returncode == 0, f"{ITEM}: exit {confirmed.returncode}\n{confirmed.stderr}"
        assert preflight.read(dsn)["applied_tables"] == []


def test_dry_run_lists_the_steps_and_changes_nothing(mutant):
    """--dry-run names the four scripts in order with their migration's state, and changes nothing."""
    with mutant("select 1") as dsn:
        before = state(dsn)
        result = rollback("--dsn", dsn, "--target", "production", "--dry-run")
        assert result.returncode == 0, result.stderr
        steps = [line.split()[1].rstrip(":") for line in result.stdout.splitlines() if "would run" in line]
        assert steps == ORDER, result.stdout
        assert "(migration 006 is applied)" in result.stdout
        assert state(dsn) == before, f"{ITEM}: a dry run changed the database"


def test_failing_step_stops_and_leaves_its_objects(mutant):
    """A step that fails (a view outside the migrations depends on conversations) is undone whole, named in one
    line with its SQLSTATE, and the run stops: 004-006 are gone, conversations stays."""
    with mutant(DEPENDENT_VIEW) as dsn:
        result = rollback("--dsn", dsn, "--target", "disposable")
        assert result.returncode == 1, f"{ITEM}: exit {result.returncode}\n{result.stdout}"
        line = error_line(result)
        assert "[4/4] rollback_003_conversations.sql failed" in line
        assert "2BP01" in line
        assert "3 step(s) done" in line
        facts = preflight.read(dsn)
        assert facts["applied_migrations"] == ["003"], f"{ITEM}: after the failed step: {facts}"


@pytest.mark.parametrize(
    ("dsn", "says"),
    [
        ("host=127.0.0.1 port=1 user=postgres dbname=x password=hunter2", "cannot connect"),
        ("this is not=a dsn ==", "not a valid connection string"),
    ],
    ids=["unreachable", "unparsable"],
)
def test_bad_dsn_gives_one_line(dsn, says):
    """A DSN that cannot be used ends the run with one readable line, exit 1, and no password."""
    result = rollback("--dsn", dsn)
    assert result.returncode == 1, result.stderr
    line = error_line(result)
    assert says in line
    assert "hunter2" not in result.stdout + result.stderr


def test_wrong_database_is_refused(server):
    """A database without tenants and users is not the platform's: nothing is dropped there."""
    result = rollback("--dsn", server.conninfo("postgres"), "--target", "disposable")
    assert result.returncode == 1
    assert "tenants, users missing" in error_line(result)
