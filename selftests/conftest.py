"""The project's own tests: a server of their own, a migrated template, and a way to run the suite."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo

from acceptance import pgserver, sqlfiles
from acceptance.target import janitor
from selftests import snapshot

ROOT = sqlfiles.ROOT
COPY_IGNORE = shutil.ignore_patterns(
    ".venv",
    ".git",
    "node_modules",
    "reports",
    ".selftest",
    ".hypothesis",
    ".benchmarks",
    ".tox",
    "__pycache__",
    ".pytest_cache",
)
# Mutation outcomes, one JSON line each, written by the workers and summarised by the controller; beside the
# project, not in reports/ (which belongs to the acceptance suite's runs).
RESULTS = ROOT / ".selftest" / "mutations.jsonl"


# The modules whose tests run the whole acceptance suite (10-30 s each): first, so that under xdist they start
# while the mutations' short runs fill the other worker, instead of ending the session on one worker alone.
WHOLE_SUITE_RUNS = ("test_supabase_noop.py", "test_zero_residue.py", "test_partial_target.py", "test_report_runs.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(pytest.mark.selftest)
    items.sort(key=lambda item: item.path.name not in WHOLE_SUITE_RUNS)  # stable: the rest keep their order


def pytest_sessionstart(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.unlink(missing_ok=True)


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    """The mutation table: which test caught each mutation, and the kill ratio."""
    if hasattr(config, "workerinput") or not RESULTS.exists():
        return
    rows = [json.loads(line) for line in RESULTS.read_text().splitlines()]
    counted = [r for r in rows if r["outcome"] != "equivalent"]
    caught = [r for r in counted if r["outcome"] == "caught"]
    tr = terminalreporter
    tr.section("mutations")
    for r in sorted(rows, key=lambda r: (r["section"], r["name"])):
        tr.write_line(f"{r['section']:<12} {r['name']:<42} {r['outcome']:<10} {', '.join(r['caught_by'][:1])}")
    if counted:
        ratio = 100 * len(caught) / len(counted)
        equivalent = len(rows) - len(counted)
        tr.write_line(f"kill ratio: {len(caught)}/{len(counted)} = {ratio:.0f}% ({equivalent} equivalent, not counted)")


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
_supabase_numbers = itertools.count(1)


@pytest.fixture
def mutant(server: pgserver.LocalServer, template: str):
    """`with mutant(sql) as dsn:` a clone of the template with `sql` applied, dropped afterwards."""

    @contextmanager
    def make(change: str) -> Iterator[str]:
        name = f"{template}_mutant{next(_numbers)}"
        with janitor(server.conninfo(), name, template=template):
            with psycopg.connect(server.conninfo(name), autocommit=True) as conn:
                conn.execute(change)
            yield server.conninfo(name)

    return make


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
    name = f"supabase{next(_supabase_numbers)}"
    admin = supabase_server.conninfo()
    # By hand, not the janitor: the database must be owned by postgres, as `supabase start` makes it.
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("create database {} owner postgres").format(sql.Identifier(name)))
    try:
        apply(supabase_server.conninfo(name), snapshot.DATA / "supabase_init.sql")
        yield {"admin": supabase_server.conninfo(name), "postgres": make_conninfo(admin, dbname=name, user="postgres")}
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))


SUITE_ARGS = ("-p", "no:cacheprovider", "-q", "--tb=short")
# For a whole-suite run against a target: without the TypeScript checks that never read it (the plugin says why).
TARGET_CHECKS_ONLY = ("-p", "selftests.plugins.target_checks_only")


def suite_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """A user's environment for a run of the suite: without the caller's ACCEPTANCE_ settings (`extra` adds
    variables)."""
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("ACCEPTANCE_", "PYTEST_"))}, **(extra or {})}
    # pytest keeps its rewritten modules as bytecode only where Python may write it: without the cache each run
    # rewrites ~120 modules again (0.7 s of a 1.3 s start).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # Parallel self-tests must not share reports/: no deployment report unless the caller passes --report-dir=DIR.
    env["ACCEPTANCE_REPORT_DIR"] = "none"
    return env


def run_suite(
    *args: str, timeout: int = 600, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run the acceptance suite in a subprocess, as a user would, without the caller's ACCEPTANCE_ settings (`env`
    adds variables)."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", *SUITE_ARGS, *args],
        cwd=cwd,
        env=suite_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


class WarmSuite:
    """run_suite's twin for the mutation self-tests' many short runs: each run is forked from a warm interpreter
    (selftests/warm.py) that has imported pytest, psycopg and hypothesis once, instead of starting cold."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.runs = itertools.count(1)
        self.server = subprocess.Popen(
            [sys.executable, "-m", "selftests.warm"],
            cwd=ROOT,
            env=suite_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def __call__(self, *args: str, timeout: int = 600, cwd: Path = ROOT) -> subprocess.CompletedProcess:
        n = next(self.runs)
        out, err = self.scratch / f"run{n}.out", self.scratch / f"run{n}.err"
        argv = [*SUITE_ARGS, *args]
        request = {"args": argv, "cwd": str(cwd), "env": suite_env(), "timeout": timeout, "stdout": str(out),
                   "stderr": str(err)}  # fmt: skip
        assert self.server.stdin and self.server.stdout
        self.server.stdin.write(json.dumps(request) + "\n")
        self.server.stdin.flush()
        reply = self.server.stdout.readline()
        assert reply, f"the warm runner ended (exit {self.server.wait()})"
        ended = json.loads(reply)
        stdout, stderr = out.read_text(), err.read_text()
        out.unlink()
        err.unlink()
        if ended["timed_out"]:
            raise subprocess.TimeoutExpired(argv, timeout, stdout, stderr)
        return subprocess.CompletedProcess(argv, ended["returncode"], stdout, stderr)

    def close(self) -> None:
        assert self.server.stdin
        self.server.stdin.close()
        self.server.wait(timeout=30)


@pytest.fixture(scope="session")
def warm_suite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WarmSuite]:
    """The suite's runs for the mutation self-tests, forked from one warm interpreter per worker."""
    runner = WarmSuite(tmp_path_factory.mktemp("warm"))
    try:
        yield runner
    finally:
        runner.close()


class SectionFiles:
    """The test files that hold a marker's tests, from one collection of the whole suite: a section's run names
    them beside `-m`, so that it collects (and imports) those files instead of all of tests/ (0.4 s of a 1.0 s
    structure run, profiled). `-m` still selects, so the run is the same tests."""

    def __init__(self, out: Path) -> None:
        result = run_suite("--collect-only", "-p", "selftests.plugins.item_marks", env={"ITEM_MARKS_OUT": str(out)})
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        self.marks: dict[str, list[str]] = json.loads(out.read_text())

    def __call__(self, marker: str) -> list[str]:
        files = sorted({nodeid.split("::")[0] for nodeid, marks in self.marks.items() if marker in marks})
        assert files, f"no collected test carries the marker {marker!r}"
        return files


@pytest.fixture(scope="session")
def section_files(tmp_path_factory: pytest.TempPathFactory) -> SectionFiles:
    """`section_files(marker)`: the files a section's run collects."""
    return SectionFiles(tmp_path_factory.mktemp("marks") / "marks.json")


def report_folder(directory: Path) -> Path:
    """Where a run with --report-dir=DIRECTORY wrote: DIRECTORY for the whole suite, else its one subset folder."""
    subsets = sorted((directory / "subsets").glob("*"))
    if not subsets:
        return directory
    assert len(subsets) == 1, f"one run, one subset folder: {subsets}"
    return subsets[0]


def one_line_error(result: subprocess.CompletedProcess) -> str:
    """The one `ERROR:` line of a run that bad input ended (exit 4, no traceback)."""
    output = result.stdout + result.stderr
    errors = [line for line in output.splitlines() if line.startswith("ERROR: ")]
    assert result.returncode == 4, f"exit {result.returncode}\n{output[-2000:]}"
    assert len(errors) == 1, output
    assert "Traceback" not in output
    return errors[0]


def copy_project(tmp_path: Path) -> Path:
    """A copy of the project's files (no .venv, .git or reports) to change and run the suite from."""
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=COPY_IGNORE)
    return copy
