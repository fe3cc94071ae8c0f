"""The project's own tests: a server of their own, a migrated template, and a way to run the suite."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from psycopg import sql

from fixtures import pgserver, sqlfiles
from fixtures.fix_target import janitor

ROOT = sqlfiles.ROOT


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(pytest.mark.selftest)


@pytest.fixture(scope="session")
def server() -> Iterator[pgserver.LocalServer]:
    """A disposable server for the self-tests, separate from any the suite under test starts."""
    _, bindir = pgserver.find_bindir(os.environ.get("ACCEPTANCE_PG_BIN"))
    srv = pgserver.LocalServer(bindir=bindir).start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="session")
def template(server: pgserver.LocalServer) -> Iterator[str]:
    """A migrated, seeded template database, as the suite's own default run builds it."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    name = f"selftest_tmpl{worker}"
    with janitor(server.conninfo(), name, as_template=True):
        for path in sqlfiles.deployment_files():
            sqlfiles.apply_file(server.conninfo(name), path)
        yield name


_numbers = itertools.count(1)


@pytest.fixture
def mutant(server: pgserver.LocalServer, template: str):
    """`with mutant(sql) as dsn:` a clone of the template with `sql` applied, dropped afterwards."""

    @contextmanager
    def make(change: str) -> Iterator[str]:
        name = f"{template}_mutant{next(_numbers)}"
        with psycopg.connect(server.conninfo(), autocommit=True) as admin:
            admin.execute(
                sql.SQL("create database {} template {}").format(sql.Identifier(name), sql.Identifier(template))
            )
        try:
            with psycopg.connect(server.conninfo(name), autocommit=True) as conn:
                conn.execute(change)
            yield server.conninfo(name)
        finally:
            with psycopg.connect(server.conninfo(), autocommit=True) as admin:
                admin.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))

    return make


def run_suite(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run the acceptance suite in a subprocess, as a user would, without the caller's ACCEPTANCE_ settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACCEPTANCE_", "PYTEST_"))}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "--tb=short", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
