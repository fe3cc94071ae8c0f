"""The pre-flight report at the start of a --dsn run: the checklist's Environment Verification in the header."""

from __future__ import annotations

from acceptance import contract, sqlfiles
from selftests.conftest import run_suite

ITEM = "Pre-Deployment - Environment Verification"
ROLLBACKS = "\n".join(
    (sqlfiles.ROLLBACK / name).read_text() for name in contract.schema()["checklist"]["rollback_order"]
)


def header(dsn: str, *args: str) -> str:
    """The header lines of a --dsn run that only collects (-v undoes run_suite's -q, which hides the header)."""
    result = run_suite("--dsn", dsn, *args, "-v", "--collect-only", "-m", "preflight")
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout[-2000:]}{result.stderr[-2000:]}"
    return "\n".join(line for line in result.stdout.splitlines() if line.startswith(("target:", "pre-flight:")))


def test_header_reports_the_environment(mutant):
    """On a deployed staging database the header names the server, the kind, the baseline tables, the applied
    migrations, the roles and functions the migrations need, and the database size."""
    with mutant("select 1") as dsn:
        text = header(dsn)
    for expected in (
        "target: staging database",
        "(PostgreSQL 1",
        "pre-flight: tenants present, users present; migrations applied: 003, 004, 005, 006, not applied: none",
        "; database size ",
        "pre-flight: missing objects of 003-006: none",
        "pre-flight: roles anon, authenticated, service_role; service_role BYPASSRLS yes; gen_random_uuid() present;"
        " auth.uid() present; extensions ",
    ):
        assert expected in text, f"{ITEM}: the header lacks {expected!r}:\n{text}"
    assert "(if production)" not in text, f"{ITEM}: production-only confirmations on a staging target:\n{text}"


def test_header_names_what_a_rollback_removed(mutant):
    """After rollback_006 ... rollback_003 the header still appears and names every missing object; on a
    production target it lists the confirmations only a person can give."""
    with mutant(ROLLBACKS) as dsn:
        text = header(dsn, "--target", "production")
    assert "migrations applied: none, not applied: 003, 004, 005, 006" in text, text
    assert "missing objects of 003-006: table public.conversations, table public.messages" in text, text
    assert "pre-flight: manual confirmation required:" in text, text
    assert "Database backup completed (if production); Scheduled maintenance window (if production)" in text, text
