"""What each target kind needs from the connecting role (contract/lifecycle.toml [preflight.needs]): a role
that lacks it ends the run before any test, in one line naming the privilege and the way out, and the pre-flight
header names the role's attributes. The suite never needs a superuser: Supabase's `postgres` serves every kind.
A disposable target that other sessions hold is not copied (that would mean terminating them): its template is
built from sql/ and must equal it (selftests/test_supabase_noop.py runs the whole suite so).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo

from acceptance import sqlfiles
from acceptance.target import dbname_of, other_sessions
from selftests.conftest import apply, one_line_error, run_suite

_numbers = itertools.count(1)

# (target kind, the role's attributes, member of the API roles, what the one line must say)
LACKING = [
    (
        "disposable",
        "login nocreatedb",
        True,
        ["role selftest_role", "CREATEDB", "ALTER ROLE", "or use --target staging"],
    ),
    ("staging", "login createdb", False, ["SET ROLE to anon, authenticated and service_role", "GRANT anon"]),
    ("production", "login", False, ["SET ROLE to anon", "GRANT anon, authenticated, service_role TO selftest_role"]),
]


@contextmanager
def role(server, attributes: str, api_member: bool) -> Iterator[str]:
    """A role of the cluster's, dropped afterwards (roles outlive databases)."""
    name = sql.Identifier(f"selftest_role{next(_numbers)}")
    with psycopg.connect(server.conninfo(), autocommit=True) as conn:
        conn.execute(sql.SQL("create role {} " + attributes).format(name))
        if api_member:
            conn.execute(sql.SQL("grant anon, authenticated, service_role to {}").format(name))
    try:
        yield name.as_string()
    finally:
        with psycopg.connect(server.conninfo(), autocommit=True) as conn:
            conn.execute(sql.SQL("drop role if exists {}").format(name))


@pytest.mark.parametrize(("kind", "attributes", "api_member", "says"), LACKING, ids=[c[0] for c in LACKING])
def test_a_role_that_lacks_a_need_ends_the_run_in_one_line(server, mutant, kind, attributes, api_member, says):
    """The run stops before any test with exit 4 and one ERROR line naming what the role lacks and the way out."""
    with mutant("select 1") as dsn, role(server, attributes, api_member) as name:
        line = one_line_error(run_suite("--dsn", make_conninfo(dsn, user=name.strip('"')), "--target", kind))
    missing = [phrase for phrase in says if phrase not in line]
    assert not missing, f"the line does not say {missing}: {line}"


def test_header_names_the_roles_attributes_and_the_kinds_it_serves(supabase_db):
    """Supabase's `postgres` (no superuser; CREATEDB, CREATEROLE, BYPASSRLS, member of the API roles) serves all."""
    for path in sqlfiles.deployment_files():
        apply(supabase_db["postgres"], path)
    result = run_suite("--dsn", supabase_db["postgres"], "--target", "production", "-v", "--collect-only")
    line = next((x for x in result.stdout.splitlines() if x.startswith("pre-flight: connecting role")), "")
    assert line == (
        "pre-flight: connecting role postgres: superuser no, CREATEDB yes, CREATEROLE yes, BYPASSRLS yes; may SET ROLE "
        "to anon, authenticated, service_role; serves target kinds: disposable yes, staging yes, production yes "
        "(this run: production)"
    ), result.stdout[-3000:]


def test_a_busy_target_unlike_sql_ends_in_one_line(mutant):
    """A disposable target held by another session is not copied; a template built from sql/ that differs from the
    target is refused, naming the difference, instead of testing the files while claiming to test the target."""
    with mutant("create index stray_idx on public.messages (role)") as dsn, psycopg.connect(dsn) as held:
        held.execute("select 1")
        result = run_suite("--dsn", dsn, "--target", "disposable", "-m", "structure")
    output = result.stdout + result.stderr
    lines = [line for line in output.splitlines() if "a copy built from sql/ differs from it" in line]
    assert result.returncode == 4, f"exit {result.returncode}\n{output[-2000:]}"
    assert len(lines) == 1 and "Extra index public.stray_idx" in lines[0], output[-2000:]
    assert "use --target staging" in lines[0] and "Traceback" not in output


def test_a_target_the_role_may_not_copy_ends_in_one_line(server, mutant):
    """A role with CREATEDB that does not own the target (nor is it a template) may not copy it. The template is
    built from sql/ instead; built by another role, its objects' owner and grantors differ from the target's, so the
    run ends in one line that says why the target was not copied, instead of a traceback."""
    with mutant("select 1") as dsn, role(server, "login createdb", True) as name:
        user = make_conninfo(dsn, user=name.strip('"'))
        result = run_suite("--dsn", user, "--target", "disposable", "-m", "structure")
    output = result.stdout + result.stderr
    lines = [line for line in output.splitlines() if "the role may not copy it (permission denied to copy" in line]
    assert result.returncode == 4 and len(lines) == 1, f"exit {result.returncode}\n{output[-3000:]}"
    assert "use --target staging" in lines[0] and "Traceback" not in output, lines[0]


def test_a_session_that_is_closing_does_not_hold_the_target(mutant):
    """A backend stays listed for a moment after its client closes (9 reads in 500 made right after a close saw
    one), enough to fail a disposable target's run as "in use" (the likely cause of a mutation's exit 4 in CI).
    A session that leaves within the grace is not counted; one that stays is."""
    with mutant("select 1") as dsn:
        dbname = dbname_of(dsn)
        with psycopg.connect(make_conninfo(dsn, dbname="postgres"), autocommit=True) as elsewhere:
            leaving = psycopg.connect(dsn, autocommit=True)
            threading.Timer(0.3, leaving.close).start()
            assert other_sessions(elsewhere, dbname) == {}, "a session that closed 0.3 s later still holds the target"
            with psycopg.connect(dsn, autocommit=True):
                assert other_sessions(elsewhere, dbname, grace=0.2) == {"postgres": 1}, "a session that stays"
