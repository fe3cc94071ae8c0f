"""A run that cannot start ends in one `ERROR:` line and exit 4, and its report and JUnit file say so: a CI job
reading either sees an error, never green."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from selftests import junit
from selftests.conftest import one_line_error, report_folder, run_suite

# A server installation whose initdb always fails, as a broken or half-installed package does.
FAILING_TOOL = """#!/bin/sh
if [ "$1" = --version ]; then echo "postgres (PostgreSQL) 16.0"; exit 0; fi
echo "$(basename "$0"): refuses to start (a fake server)" >&2
exit 1
"""


@pytest.fixture
def failing_server(tmp_path: Path) -> Path:
    bindir = tmp_path / "pg" / "bin"
    bindir.mkdir(parents=True)
    for tool in ("initdb", "pg_ctl", "postgres"):
        (bindir / tool).write_text(FAILING_TOOL)
        (bindir / tool).chmod(0o755)
    return bindir


def assert_reported_as_error(result: subprocess.CompletedProcess, reports: Path) -> str:
    """The one ERROR line, with no pytest.exit banner; the report's verdict and the JUnit file's error say it."""
    reason = one_line_error(result).removeprefix("ERROR: ")
    banners = [line for line in (result.stdout + result.stderr).splitlines() if line.startswith("!")]
    assert not banners, banners
    reports = report_folder(reports)
    report = json.loads((reports / "deployment-report.json").read_text())
    assert (report["verdict"], report["facts"]["start_error"]) == ("error", reason)
    errors = [o.message for o in junit.outcomes(reports / "junit.xml").values() if o.status == "error"]
    assert errors == [reason], "junit.xml must hold the start failure as its one error"
    return reason


@pytest.mark.parametrize("xdist", [(), ("-n", "2")], ids=["serial", "xdist"])
def test_a_server_that_cannot_start_is_an_error(failing_server, tmp_path, xdist):
    """The disposable server's failure to start names initdb's reason, once, under xdist too."""
    reports = tmp_path / "reports"
    result = run_suite(f"--pg-bin={failing_server}", "-m", "structure", f"--report-dir={reports}", *xdist)
    reason = assert_reported_as_error(result, reports)
    assert reason.startswith("initdb failed in ")
    assert reason.endswith("initdb: refuses to start (a fake server)")


def test_an_unreachable_database_is_an_error(tmp_path):
    """Bad input refused before the session (here a DSN nobody listens on) still writes the ERROR report."""
    reports = tmp_path / "reports"
    result = run_suite("--dsn", "host=127.0.0.1 port=1 user=postgres dbname=x", f"--report-dir={reports}")
    assert "cannot connect" in assert_reported_as_error(result, reports)
