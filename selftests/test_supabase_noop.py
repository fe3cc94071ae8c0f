"""Runs unchanged against a local Supabase stack: where Supabase's auth schema and API roles exist, the Supabase
layer (sql/supabase/) detects them and touches nothing, and the migrations and the suite work on top of them.

No Docker here: a cluster of its own is made Supabase-shaped by the statements Supabase's image and GoTrue run
(selftests/data/supabase_roles.sql, supabase_init.sql, vendored with their source paths and commits). Its
bootstrap superuser is `supabase_admin` and `postgres` is the demoted, non-superuser role `supabase start`
hands out on port 54322, as there.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo

from fixtures import pgserver, sqlfiles
from selftests import snapshot
from selftests.conftest import run_suite

ITEM = "Runs unchanged against a local Supabase stack"
_numbers = itertools.count(1)


def apply(conninfo: str, path: Path) -> list[str]:
    """Run a file as `psql -f` does; return the warnings the server sent (a refused GRANT is only a warning)."""
    warnings: list[str] = []
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.add_notice_handler(
            lambda diag: (
                warnings.append(f"{diag.severity}: {diag.message_primary}")
                if diag.severity_nonlocalized == "WARNING"
                else None
            )
        )
        conn.execute(path.read_text())
    return warnings


@pytest.fixture
def supabase_server() -> Iterator[pgserver.LocalServer]:
    """A cluster of its own with Supabase's roles (bootstrap superuser supabase_admin); one per test, as
    supabase_init.sql demotes postgres cluster-wide and the layer under test could change roles."""
    _, bindir = pgserver.find_bindir(os.environ.get("ACCEPTANCE_PG_BIN"))
    server = pgserver.LocalServer(bindir=bindir, superuser="supabase_admin").start()
    try:
        apply(server.conninfo(), snapshot.DATA / "supabase_roles.sql")
        yield server
    finally:
        server.stop()


@pytest.fixture
def supabase_db(supabase_server) -> Iterator[dict[str, str]]:
    """A database as `supabase start` makes it, owned by postgres: {"admin": conninfo as supabase_admin,
    "postgres": conninfo as postgres}."""
    name = f"supabase{next(_numbers)}"
    admin = supabase_server.conninfo()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("create database {} owner postgres").format(sql.Identifier(name)))
    try:
        apply(supabase_server.conninfo(name), snapshot.DATA / "supabase_init.sql")
        yield {"admin": supabase_server.conninfo(name), "postgres": make_conninfo(admin, dbname=name, user="postgres")}
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))


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
    """Migrations 001-006 and the seed apply as postgres on top of Supabase's schema, and the suite passes there."""
    for path in sqlfiles.deployment_files():
        apply(supabase_db["postgres"], path)
    result = run_suite("--dsn", supabase_db["postgres"], "--target", "disposable", f"--junitxml={tmp_path / 'r.xml'}")
    tail = result.stdout[-5000:] + result.stderr[-2000:]
    assert result.returncode == 0, f"{ITEM}: the suite fails on a Supabase-shaped database\n{tail}"


def test_supabase_layer_is_a_no_op_when_applied_again(mutant):
    """On a vanilla database the layer has already prepared, applying it again changes nothing either."""
    with mutant("select 1") as dsn:
        before = snapshot.take(dsn)
        warnings = [w for path in sqlfiles.supabase_files() for w in apply(dsn, path)]
        lines = snapshot.differences(before, snapshot.take(dsn))
    assert not lines, f"{ITEM}: applying the Supabase layer twice changes:\n    " + "\n    ".join(lines)
    assert not warnings, warnings
