"""The HTML report renders in a real browser (Debian's chromium, headless): no script error, the verdict shown, the
access matrix as a grid with a failed cell marked and what was seen, the query chart against its budgets."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from acceptance.report.html import render_html
from acceptance.report.matrix import grid
from acceptance.report.model import build_report
from acceptance.rls import cells
from selftests.test_report_model import BACKUP, COLLECTED, COUNT_ID, FACTS, IDX_ID, INDEXES, failed, passed, ran

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")

FAILED_CELL = cells()[0]
TIMED = {"median_ms": 1.2, "p95_ms": 1.9, "rounds": 50, "target_ms": 5.0, "ceiling_ms": 50.0}


def report() -> dict:
    cell_test = f"tests/test_rls.py::test_access_matrix[{FAILED_CELL.id}]"
    results = ran(*passed(COUNT_ID), *failed(IDX_ID, "AssertionError: Missing: x"), *failed(cell_test, "saw 3 rows"))
    observations = [{"block": "Query performance", "name": "conversation_list", "value": 1.2, "unit": "ms median",
                     "detail": TIMED, "test": "t.py::q"}]  # fmt: skip
    matrix = grid({FAILED_CELL.id: cell_test}, results)
    return build_report([INDEXES, BACKUP], COLLECTED, {}, results, observations, FACTS, matrix)


def chromium(tmp_path: Path, page: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    command = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", *args, page.as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_the_report_renders_without_script_errors_and_shows_the_verdict(tmp_path):
    page = tmp_path / "deployment-report.html"
    page.write_text(render_html(report()))
    shown = chromium(tmp_path, page, "--dump-dom")
    assert shown.returncode == 0, shown.stderr[-2000:]
    dom = shown.stdout
    assert 'id="verdict">FAILED<' in dom
    assert 'data-ok="yes"' in dom, "the page's script did not run to its end"
    assert f"{len(cells())} matrix cells (1 failed)" in dom
    assert "Uncaught" not in shown.stderr, shown.stderr[-2000:]
    assert 'title="failed: saw 3 rows"' in dom, "a failed cell shows what was seen"
    assert "<code>step1-indexes</code>" in dom and "budget 50 ms" in dom
    screenshot = tmp_path / "deployment-report.png"
    taken = chromium(tmp_path, page, f"--screenshot={screenshot}", "--window-size=1200,1600")
    assert taken.returncode == 0 and screenshot.stat().st_size > 10_000, taken.stderr[-2000:]
