"""The project's architecture holds: the self-tests run without the acceptance suite's plugins, modules stay small,
and the layers import one way (ruff's banned imports, per folder: pyproject.toml, acceptance/ruff.toml, ...)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from selftests.conftest import ROOT

PLUGINS = sorted(p.stem for p in (ROOT / "plugins").glob("*.py") if p.stem not in ("__init__", "stash"))
LONGEST = 400  # lines: a module longer than this does more than one job
SOURCES = sorted(p for folder in ("acceptance", "plugins", "tests", "selftests") for p in (ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("name", PLUGINS)
def test_the_self_tests_run_without_the_acceptance_plugins(pytestconfig, name):
    """`pytest selftests` loads none of the acceptance plugins (they are listed in tests/conftest.py only)."""
    assert pytestconfig.pluginmanager.get_plugin(f"plugins.{name}") is None


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_longer_than_its_job(path):
    lines = len(path.read_text().splitlines())
    assert lines <= LONGEST, f"{path.relative_to(ROOT)} has {lines} lines: split it by what it does"


@pytest.mark.parametrize(
    ("where", "line", "banned"),
    [
        ("acceptance/diff.py", "import pytest", "pytest"),
        ("acceptance/report/model.py", "from plugins import stash", "plugins"),
        ("tests/test_seed.py", "from plugins import report", "plugins"),
        ("plugins/db.py", "from plugins import report", "plugins.report"),
        ("selftests/junit.py", "from _pytest.mark.expression import Expression", "_pytest"),
    ],
    ids=["library-pytest", "library-plugin", "test-plugin", "plugin-plugin", "private-pytest"],
)
def test_an_import_against_the_layers_fails_the_lint(tmp_path, where, line, banned):
    """The same file with one backward import more: ruff names the banned module."""
    source = ROOT / where
    text = source.read_text() + f"\n{line}  # noqa: F401\n"
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--select", "TID251", "--stdin-filename", str(source), "-"],
        input=text, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 1 and f"`{banned}` is banned" in result.stdout, result.stdout + result.stderr
