"""The report a real run writes: its files and last lines, under xdist, on production, for a broken schema, with
observations from any test, and never over the last full run's report."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from acceptance.report.checklist import load_checklist
from selftests.conftest import ROOT, TARGET_CHECKS_ONLY, report_folder, run_suite

CHECKLIST = load_checklist()
FILES = ["deployment-report.html", "deployment-report.json", "deployment-report.md"]  # sorted by name

# --- the report a real run writes -----------------------------------------------------------------------

STATIC = "migrations and not commits"  # file checks only: no server, a few seconds


MANUAL = sum(1 for item in CHECKLIST if item.manual)


def last_lines(result: subprocess.CompletedProcess, count: int) -> list[str]:
    return result.stdout.rstrip("\n").splitlines()[-count:]


def _report(directory: Path) -> dict:
    return json.loads((report_folder(directory) / "deployment-report.json").read_text())


def _by_id(report: dict) -> dict[str, dict]:
    return {i["id"]: i for i in report["items"]}


def test_a_run_writes_the_report_json_and_junit(tmp_path):
    """A run writes the Markdown, JSON and JUnit XML into --report-dir; selected items pass, others are not run,
    and the terminal ends with the checklist summary and where the report is."""
    result = run_suite("-m", STATIC, f"--report-dir={tmp_path}")
    assert result.returncode == 0, result.stdout[-3000:]
    report = _report(tmp_path)
    items = _by_id(report)
    assert items["code-migrations"]["status"] == "passed"
    rls = items["step1-rls"]
    assert (rls["status"], rls["reason"]) == ("not run", "deselected in this run")
    assert report["verdict"] == "incomplete"
    assert [i["text"] for i in report["items"]] == [i.text for i in CHECKLIST]
    assert report["facts"]["target"] == "disposable"
    assert report["facts"]["hypothesis_profile"] == "quick"
    folder = report_folder(tmp_path)
    assert folder.parent == tmp_path / "subsets", "a subset's report goes beside the last full run's"
    assert report["facts"]["selection"] == [f"-m {STATIC}"]
    suite = ET.parse(folder / "junit.xml").getroot().find("testsuite")
    assert int(suite.get("tests")) == report["tests"]["collected"] > 0
    assert f"| Selection | `-m {STATIC}` |" in (folder / "deployment-report.md").read_text()
    assert "deployment checklist" not in result.stdout, "-q on a green run shows no per-section checklist"
    counts = report["summary"]
    assert last_lines(result, 2) == [
        f"checklist: INCOMPLETE: {counts['passed']} passed, {MANUAL} manual, {counts['not run']} not run (138 items)",
        f"report: {folder / 'deployment-report.md'}, {folder / 'deployment-report.html'}, "
        f"{folder / 'deployment-report.json'}, {folder / 'junit.xml'}",
    ]
    assert re.fullmatch(r"\d+ passed, \d+ deselected in .*", last_lines(result, 3)[0])


def test_under_xdist_the_controller_writes_the_same_statuses(tmp_path):
    """With -n 2 the workers' collection reaches the controller, which alone writes the same item statuses."""
    alone, spread = tmp_path / "alone", tmp_path / "xdist"
    assert run_suite("-m", STATIC, f"--report-dir={alone}").returncode == 0
    result = run_suite("-n", "2", "-m", STATIC, f"--report-dir={spread}")
    assert result.returncode == 0, result.stdout[-3000:]
    statuses = {k: (v["status"], v.get("counts")) for k, v in _by_id(_report(alone)).items()}
    assert {k: (v["status"], v.get("counts")) for k, v in _by_id(_report(spread)).items()} == statuses
    assert sorted(p.name for p in report_folder(spread).iterdir()) == [*FILES, "junit.xml"]


TIMED = "perf-query-time"
# What each Performance Testing item must be on production, where its tests write and are skipped.
ON_PRODUCTION = {"perf-explain": "skipped", "perf-index-scan": "skipped", TIMED: "not measured"}


def test_under_xdist_the_timings_are_not_measured(tmp_path):
    """pytest-benchmark does not time under xdist: the execution-time item says so instead of passing."""
    result = run_suite("-n", "2", "-m", "performance", f"--report-dir={tmp_path}")
    assert result.returncode == 0, result.stdout[-3000:]
    item = _by_id(_report(tmp_path))[TIMED]
    assert item["status"] == "not measured", f"{TIMED}: {item}"
    assert item["skip_reasons"] == ["timing not measured (--benchmark-disable or xdist); the plan checks still ran"]


def test_on_production_the_skipped_performance_items_make_the_run_incomplete(mutant, tmp_path):
    """A production run passes what it can check, but skipped and unmeasured items leave it incomplete."""
    with mutant("select 1") as dsn:
        result = run_suite(*TARGET_CHECKS_ONLY, "--dsn", dsn, "--target=production", f"--report-dir={tmp_path}")
    assert result.returncode == 0, result.stdout[-3000:]
    report = _report(tmp_path)
    items = _by_id(report)
    assert {key: items[key]["status"] for key in ON_PRODUCTION} == ON_PRODUCTION
    assert report["verdict"] == "incomplete", report["summary"]


@pytest.mark.parametrize("args", [("--collect-only",), ("--report-dir=none",)], ids=["collect-only", "none"])
def test_no_report_when_collecting_only_or_told_not_to(tmp_path, args):
    """--collect-only and --report-dir=none write no report (and no default JUnit XML) anywhere."""
    env_dir = tmp_path / "from-env"  # the option wins over the variable, and --collect-only over both
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-m", STATIC, *args],
        cwd=ROOT, env={**os.environ, "ACCEPTANCE_REPORT_DIR": str(env_dir)},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:]
    assert not env_dir.exists()
    assert not [line for line in result.stdout.splitlines() if line.startswith(("checklist: ", "report: "))]


STEP1_INDEXES = next(i for i in CHECKLIST if i.id == "step1-indexes")


def test_a_broken_schema_fails_its_item_and_only_its_items(server, mutant, tmp_path):
    """With an index dropped, the report marks Step 1's index item failed with the failing test, keeps the other
    steps' index items passed, fails the verdict, and shows the DSN without its password."""
    with mutant("drop index public.conversations_created_at_idx") as dsn:
        secret = f"{dsn} password=hunter2"  # trust authentication ignores it; the report must hide it
        result = run_suite("-m", "structure", "--dsn", secret, "--target=disposable", f"--report-dir={tmp_path}")
    assert result.returncode == 1, result.stdout[-3000:]
    items = _by_id(_report(tmp_path))
    step1 = items[STEP1_INDEXES.id]
    assert step1["status"] == "failed"
    assert "tests/test_structure.py::test_count_matches_checklist[indexes-conversations]" in step1["failed"]
    assert items["step2-indexes"]["status"] == "passed"
    assert items["structure-indexes"]["status"] == "failed"
    failed_items = [
        f"{i['id']} ({i['section']} - {i['text']})" for i in _report(tmp_path)["items"] if i["status"] == "failed"
    ]
    ending = last_lines(result, len(failed_items) + 2)
    assert ending[0].startswith("checklist: FAILED: ") and ending[-1].startswith("report: "), ending
    assert [line.removeprefix("FAILED ").split(": tests/")[0] for line in ending[1:-1]] == failed_items
    assert f"FAILED {STEP1_INDEXES.id} ({STEP1_INDEXES.key}): tests/test_structure.py::" in "\n".join(ending)
    # The failure itself names the item first (plugins/checklist.py), then the contract key that expects it, and its
    # traceback stops at the test: the helpers hide their frames (__tracebackhide__).
    assert "acceptance/diff.py" not in result.stdout and "tests/test_structure.py:" in result.stdout
    assert f"AssertionError: {STEP1_INDEXES.title}: schema.toml [tables.conversations] index_count = 6" in result.stdout
    assert "deployment checklist" in result.stdout, "a red run shows the checklist by section"
    md = (report_folder(tmp_path) / "deployment-report.md").read_text()
    assert "**Verdict: FAILED**" in md
    assert "- [ ] **FAILED** `step1-indexes` Check indexes created (should be 6)" in md
    for text in (md, json.dumps(_report(tmp_path)), result.stdout):
        assert "hunter2" not in text


MATRIX_CELLS = ("-m", "rls", "-k", "test_access_matrix and conversations-select")


@pytest.mark.parametrize(("verbosity", "shown"), [((), False), (("-vv",), True)], ids=["quiet", "verbose"])
def test_the_access_matrix_prints_only_when_asked(verbosity, shown):
    """-q keeps a green run's 35-line access matrix out of the terminal; -v prints it."""
    result = run_suite(*MATRIX_CELLS, "--report-dir=none", *verbosity)
    assert result.returncode == 0, result.stdout[-3000:]
    assert ("RLS access matrix" in result.stdout) is shown, result.stdout[-3000:]


def test_the_benchmark_table_stays_out_of_the_terminal(tmp_path):
    """pytest-benchmark's wide table is not printed; the medians are in the report."""
    result = run_suite("-m", "performance", "-k", "test_query_meets_budget", f"--report-dir={tmp_path}")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Name (time in" not in result.stdout
    assert _report(tmp_path)["performance"]["Query performance"], "the medians must reach the report"


OBSERVING_TESTS = """
import pytest
from acceptance.report.observations import timing


def test_rls(observe):
    observe("RLS overhead", "conversation_list", 1.72, "x")
    observe("Table sizes", "messages", 40000, "rows")


def test_timed(benchmark, observe):
    benchmark(sum, range(100))
    if benchmark.stats:
        timed = timing(benchmark.stats.stats.data)
        observe("Query performance", "sum", timed["median_ms"], "ms median", **timed)


def test_skipped():
    pytest.skip("production target: this test writes")
"""


@pytest.mark.parametrize("xdist", [(), ("-n", "2")], ids=["alone", "xdist"])
def test_observations_and_benchmarks_reach_the_performance_block(tmp_path, xdist):
    """Measurements a test records with the observe fixture fill their block (also from xdist workers), a
    benchmark's median and p95 among them when benchmarks run."""
    (tmp_path / "conftest.py").write_text('pytest_plugins = ("plugins.report",)\n')
    (tmp_path / "test_observing.py").write_text(OBSERVING_TESTS)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACCEPTANCE_", "PYTEST_"))}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *xdist, f"--report-dir={tmp_path / 'r'}"],
        cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    report = _report(tmp_path / "r")
    blocks = report["performance"]
    assert blocks["RLS overhead"] == [{"block": "RLS overhead", "name": "conversation_list", "value": 1.72, "unit": "x",
                                       "detail": {}, "test": "test_observing.py::test_rls"}]  # fmt: skip
    assert [(o["name"], o["value"]) for o in blocks["Table sizes"]] == [("messages", 40000)]
    md = (tmp_path / "r" / "deployment-report.md").read_text()
    assert "| conversation_list | 1.72 x | `test_observing.py::test_rls` |" in md
    assert "| messages | 40,000 rows |" in md
    if xdist:  # pytest-benchmark measures nothing under xdist
        assert blocks["Query performance"] == []
    else:
        (bench,) = blocks["Query performance"]
        assert bench["test"] == "test_observing.py::test_timed"
        assert 0 < bench["detail"]["median_ms"] <= bench["detail"]["p95_ms"]
        assert re.search(r"\| sum \| [0-9.]+ ms median, p95 [0-9.]+ ms \(\d+ rounds\) \|", md), md


@pytest.mark.parametrize(
    ("test_file", "verdict", "stopped"),
    [("def test_stopped():\n    raise KeyboardInterrupt\n", "incomplete", True),
     ("def test_broken(:\n", "failed", False)],
    ids=["ctrl-c", "collection-error"],
)  # fmt: skip
def test_an_interrupted_run_is_incomplete_and_a_collection_error_fails(tmp_path, test_file, verdict, stopped):
    """pytest exits 2 both when Ctrl-C stops a run, which proves nothing and finds nothing wrong, and when a test
    file cannot be collected, a defect of the suite: the first is incomplete, the second fails."""
    (tmp_path / "conftest.py").write_text('pytest_plugins = ("plugins.report",)\n')
    (tmp_path / "test_stop.py").write_text(test_file)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACCEPTANCE_", "PYTEST_"))}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", f"--report-dir={tmp_path / 'r'}"],
        cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 2, result.stdout[-3000:] + result.stderr[-2000:]
    report = _report(tmp_path / "r")
    assert (report["verdict"], report["facts"]["interrupted"]) == (verdict, stopped)
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("checklist:")]
    assert line.startswith(f"checklist: {verdict.upper()}{' (the run was interrupted)' if stopped else ''}: "), line


LAST_FULL_RUN = {"deployment-report.md": "# the last full run's report\n", "junit.xml": "<testsuites/>\n"}


@pytest.mark.parametrize(
    ("args", "subset_written"), [(("-m", "nosuch"), False), (("-m", STATIC), True)], ids=["usage-error", "subset"]
)
def test_the_last_full_report_is_never_overwritten_by_a_usage_error_or_a_subset(tmp_path, args, subset_written):
    """`-m nosuch` writes nothing; a subset run writes beside the whole suite's last report, never over it."""
    for name, text in LAST_FULL_RUN.items():
        (tmp_path / name).write_text(text)
    result = run_suite(*args, f"--report-dir={tmp_path}")
    assert result.returncode == (0 if subset_written else 4), result.stdout[-3000:]
    assert {name: (tmp_path / name).read_text() for name in LAST_FULL_RUN} == LAST_FULL_RUN
    written = sorted(p.name for p in (tmp_path / "subsets").glob("*/*"))
    assert written == ([*FILES, "junit.xml"] if subset_written else [])
