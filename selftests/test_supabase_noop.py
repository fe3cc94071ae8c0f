"""Runs unchanged against a local Supabase stack: where Supabase's auth schema and API roles exist, the Supabase
layer (sql/supabase/) detects them and touches nothing, and the migrations and the suite work on top of them.

No Docker here: a cluster of its own is made Supabase-shaped by the statements Supabase's image and GoTrue run
(selftests/data/supabase_roles.sql, supabase_init.sql, vendored with their source paths and commits). Its
bootstrap superuser is `supabase_admin` and `postgres` is the demoted, non-superuser role `supabase start`
hands out on port 54322, as there.
"""

from __future__ import annotations

import json

import psycopg
import pytest

from acceptance import sqlfiles
from selftests import snapshot
from selftests.conftest import TARGET_CHECKS_ONLY, apply, run_suite
from selftests.junit import outcomes

ITEM = "Runs unchanged against a local Supabase stack"
# What the run on a Supabase-shaped database skips, with a phrase of the reason: the built-in server skips only
# the last (no security baseline given); the extensions Supabase lets postgres create through supautils, which a
# plain cluster lacks.
EXPECTED_SKIPS = {
    "tests/test_maintenance.py::test_daily_refresh_schedule": "permission denied to create extension",
    "tests/test_maintenance.py::test_slow_query_monitoring": "permission denied to create extension",
    "tests/test_security_diff.py::test_security_surface_against_the_last_release": "no --security-baseline",
    "tests/test_performance.py::test_growth_within_budget": "only the small profile measured so far",
    "tests/test_performance.py::test_server_clock_within_last_run": "no --server-clock-baseline",
}


def test_the_database_is_supabase_shaped(supabase_db):
    """The pre-created state is Supabase's: GoTrue's functions and owners, inheriting API roles, a demoted postgres."""
    taken = snapshot.take(supabase_db["admin"])
    objects, roles = taken["objects"], taken["roles"]
    for function in ("auth.uid()", "auth.role()", "auth.email()", "auth.jwt()"):
        assert objects[f"function {function}"].startswith("supabase_auth_admin |"), function
    assert objects["schema auth"].startswith("supabase_admin |")
    assert objects["relation r auth.users"].startswith("supabase_auth_admin |")
    assert roles["role anon"].startswith("f | t |"), "anon inherits, as after Supabase's 20230529180330"
    assert roles["role postgres"].startswith("f |"), "postgres is not a superuser, as after demote-postgres"
    assert "statement_timeout=3s" in roles["role anon"]
    assert "membership postgres in authenticated" in roles


@pytest.mark.parametrize("user", ["postgres", "admin"], ids=["as-postgres", "as-supabase_admin"])
def test_supabase_layer_is_a_no_op(supabase_db, user):
    """Applying sql/supabase/*.sql to a Supabase database changes no role, grant, owner, setting, object or row."""
    before = snapshot.take(supabase_db["admin"])
    warnings = []
    for path in sqlfiles.supabase_files():
        warnings += [f"{path.name}: {w}" for w in apply(supabase_db[user], path)]
    lines = snapshot.differences(before, snapshot.take(supabase_db["admin"]))
    assert not lines, f"{ITEM}: the Supabase layer is not a no-op on Supabase:\n    " + "\n    ".join(lines)
    assert not warnings, f"{ITEM}: the Supabase layer tried to change what Supabase owns:\n    " + "\n    ".join(
        warnings
    )


def test_migrations_and_suite_on_supabase(supabase_db, tmp_path):
    """Migrations 001-006 and the seed apply as postgres on top of Supabase's schema, and the whole suite passes
    there as `--target disposable` while a superuser session (Supabase's own services) holds the database."""
    for path in sqlfiles.deployment_files():
        apply(supabase_db["postgres"], path)
    report = tmp_path / "report"
    with psycopg.connect(supabase_db["admin"]) as held:
        held.execute("select 1")  # supabase_admin's session, as pg_net's worker or Realtime keeps one
        result = run_suite(
            *TARGET_CHECKS_ONLY, "--dsn", supabase_db["postgres"], "--target", "disposable",
            f"--junitxml={tmp_path / 'r.xml'}", f"--report-dir={report}", "-rs",
        )  # fmt: skip
    tail = result.stdout[-5000:] + result.stderr[-2000:]
    assert result.returncode == 0, f"{ITEM}: the suite fails on a Supabase-shaped database\n{tail}"
    facts = json.loads((report / "deployment-report.json").read_text())["facts"]
    assert "fresh clones: built from sql/" in facts["target_description"], facts["target_description"]
    assert "supabase_admin x1" in facts["target_description"], facts["target_description"]
    skipped = {o.nodeid: o.message for o in outcomes(tmp_path / "r.xml").values() if o.status == "skipped"}
    assert set(skipped) == set(EXPECTED_SKIPS), f"{ITEM}: skipped beyond the built-in server's run: {skipped}"
    assert all(EXPECTED_SKIPS[test] in reason for test, reason in skipped.items()), skipped


def test_supabase_layer_is_a_no_op_when_applied_again(mutant):
    """On a vanilla database the layer has already prepared, applying it again changes nothing either."""
    with mutant("select 1") as dsn:
        before = snapshot.take(dsn)
        warnings = [w for path in sqlfiles.supabase_files() for w in apply(dsn, path)]
        lines = snapshot.differences(before, snapshot.take(dsn))
    assert not lines, f"{ITEM}: applying the Supabase layer twice changes:\n    " + "\n    ".join(lines)
    assert not warnings, warnings
