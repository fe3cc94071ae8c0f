"""The deployment report: item statuses from test results, rendering, the observation protocol, the checklist
kept as data (contract/checklist.toml) covering the checklist and mapped to tests that exist, and the
report a real run writes (also under xdist, and for a broken schema)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest

from fixtures import fix_report
from fixtures.fix_report import (
    ChecklistItem,
    build_report,
    item_status,
    load_checklist,
    marker_matches,
    merge_result,
    observations_of,
    observe,
    pattern_matches,
    percentile,
    performance_blocks,
    redacted_args,
    render_markdown,
    section_lines,
    verdict_lines,
)
from selftests.conftest import ROOT, report_folder, run_suite

# The team's checklist, vendored so the coverage check runs wherever the project is cloned; the team's copy
# beside the project, where present, must be the same text.
CHECKLIST_MD = ROOT / "contract" / "deployment-checklist.md"
TEAM_CHECKLIST_MD = ROOT.parent / "shared" / "spec" / "deployment-checklist.md"
CHECKLIST = load_checklist()


# --- synthetic results ----------------------------------------------------------------------------------


def phase(nodeid: str, when: str, outcome: str, longrepr=None, **extra) -> SimpleNamespace:
    """A stand-in for one phase's TestReport, with what merge_result reads."""
    return SimpleNamespace(
        nodeid=nodeid,
        when=when,
        outcome=outcome,
        failed=outcome == "failed",
        skipped=outcome == "skipped",
        passed=outcome == "passed",
        longrepr=longrepr,
        longreprtext=str(longrepr or ""),
        **extra,
    )


def ran(*phases: SimpleNamespace) -> dict[str, dict]:
    results: dict[str, dict] = {}
    for report in phases:
        merge_result(results, report)
    return results


def passed(nodeid: str) -> list[SimpleNamespace]:
    return [phase(nodeid, "setup", "passed"), phase(nodeid, "call", "passed"), phase(nodeid, "teardown", "passed")]


def failed(nodeid: str, message: str) -> list[SimpleNamespace]:
    crash = SimpleNamespace(reprcrash=SimpleNamespace(message=message))
    return [
        phase(nodeid, "setup", "passed"),
        phase(nodeid, "call", "failed", crash),
        phase(nodeid, "teardown", "passed"),
    ]


def skipped(nodeid: str, reason: str) -> list[SimpleNamespace]:
    return [phase(nodeid, "setup", "skipped", ("x.py", 1, f"Skipped: {reason}")), phase(nodeid, "teardown", "passed")]


INDEXES = ChecklistItem(
    section="Deployment Steps - Step 1: Apply Migration 003 (Conversations)",
    text="Check indexes created (should be 6)",
    tests=("tests/test_structure.py::test_count_matches_checklist[indexes-conversations]", "tests/test_idx.py"),
)
BACKUP = ChecklistItem(section="Pre-Deployment", text="Database backup completed", manual="only a person knows")
COUNT_ID = "tests/test_structure.py::test_count_matches_checklist[indexes-conversations]"
IDX_ID = "tests/test_idx.py::test_by_name[conversations]"
COLLECTED = {COUNT_ID: ["structure"], IDX_ID: ["structure", "writes"]}


# --- item status ----------------------------------------------------------------------------------------


def test_a_failing_test_fails_its_item_and_is_named():
    """One failed test among passing ones makes the item failed, listing that test's id and message."""
    results = ran(*passed(COUNT_ID), *failed(IDX_ID, "AssertionError: Missing: conversations_created_at_idx"))
    status = item_status(INDEXES, COLLECTED, {}, results)
    assert status["status"] == "failed"
    assert status["failed"] == [IDX_ID]
    assert "conversations_created_at_idx" in status["failures"][IDX_ID]
    assert status["counts"] == {"passed": 1, "failed": 1, "skipped": 0, "not run": 0}


def test_an_error_in_teardown_sticks_after_a_passed_call():
    """A test whose call passed but whose teardown failed counts as failed, marked as an error in teardown."""
    crash = SimpleNamespace(reprcrash=SimpleNamespace(message="RuntimeError: clone not dropped"))
    results = ran(
        phase(IDX_ID, "setup", "passed"), phase(IDX_ID, "call", "passed"), phase(IDX_ID, "teardown", "failed", crash)
    )
    assert results[IDX_ID] == {"outcome": "failed", "message": "error in teardown: RuntimeError: clone not dropped"}


def test_all_skipped_makes_the_item_skipped_with_the_reasons():
    """Skipped tests give a skipped item that carries each distinct skip reason."""
    results = ran(*skipped(COUNT_ID, "production target: this test writes"), *skipped(IDX_ID, "no pg_cron"))
    status = item_status(INDEXES, COLLECTED, {}, results)
    assert status["status"] == "skipped"
    assert status["skip_reasons"] == ["no pg_cron", "production target: this test writes"]


def test_an_expected_failure_is_a_skip_not_a_pass():
    """An xfailed test does not prove its item."""
    results = ran(phase(IDX_ID, "setup", "passed"), phase(IDX_ID, "call", "skipped", wasxfail="known bug"))
    assert results[IDX_ID]["outcome"] == "skipped"
    assert results[IDX_ID]["message"] == "xfail: known bug"


def test_passed_needs_one_pass_and_no_failure():
    """A pass beside a skip is a pass; the skip's reason is still reported."""
    results = ran(*passed(COUNT_ID), *skipped(IDX_ID, "staging target: this test commits"))
    status = item_status(INDEXES, COLLECTED, {}, results)
    assert status["status"] == "passed"
    assert status["skip_reasons"] == ["staging target: this test commits"]


def test_manual_items_keep_their_reason_whatever_ran():
    """A manual item is manual with its reason, never passed by a test."""
    status = item_status(BACKUP, COLLECTED, {}, ran(*passed(COUNT_ID)))
    assert status == {"section": "Pre-Deployment", "text": "Database backup completed", "status": "manual",
                      "reason": "only a person knows"}  # fmt: skip


@pytest.mark.parametrize(
    ("collected", "deselected", "results", "reason"),
    [
        ({}, COLLECTED, {}, "deselected in this run"),
        ({}, {}, {}, "its tests were not collected in this run"),
        (COLLECTED, {}, ran(phase(COUNT_ID, "setup", "passed")), "its tests did not run (the run stopped before them)"),
    ],
    ids=["deselected", "not-collected", "stopped-early"],
)
def test_items_whose_tests_did_not_run_say_why(collected, deselected, results, reason):
    """Deselected, not collected, or not reached: the item is not run, never passed."""
    status = item_status(INDEXES, collected, deselected, results)
    assert (status["status"], status["reason"]) == ("not run", reason)


def test_node_id_patterns_select_exactly_their_tests():
    """A module selects its tests and not a sibling module's; a test selects its parametrizations and not a
    longer-named test; `*` matches inside brackets."""
    assert pattern_matches("tests/test_rls.py", "tests/test_rls.py::test_access_matrix[a-select-anon]")
    assert not pattern_matches("tests/test_rls.py", "tests/test_rls_properties.py::test_actor_sees_exactly_its_tenant")
    assert pattern_matches("tests/t.py::test_x", "tests/t.py::test_x[1]")
    assert pattern_matches("tests/t.py::test_x", "tests/t.py::test_x")
    assert not pattern_matches("tests/t.py::test_x", "tests/t.py::test_x_and_more")
    assert pattern_matches("tests/t.py::test_m[*-select-*]", "tests/t.py::test_m[messages-select-owner]")
    assert not pattern_matches("tests/t.py::test_m[*-select-*]", "tests/t.py::test_m[messages-insert-owner]")


def test_marker_expressions_evaluate_as_minus_m_does():
    """A marker expression selects by the test's markers, with and/or/not."""
    assert marker_matches("rollback", ["rollback", "commits"])
    assert not marker_matches("rls and not writes", ["rls", "writes"])
    assert marker_matches("rls and not writes", ["rls"])
    item = ChecklistItem(section="s", text="t", markers="migrations")
    assert item_status(item, {"a.py::t": ["migrations"], "b.py::t": []}, {}, ran(*passed("a.py::t")))["counts"] == {
        "passed": 1,
        "failed": 0,
        "skipped": 0,
        "not run": 0,
    }


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ('text = "Orphan"', "map it to tests or markers, or give a manual reason"),
        (
            'text = "Both"\ntests = ["tests/x.py"]\nmanual = "why"',
            "map it to tests or markers, or give a manual reason",
        ),
        ('text = "Typo"\ntest = ["tests/x.py"]', "unknown keys ['test']"),
    ],
    ids=["neither", "both", "unknown-key"],
)
def test_checklist_data_refuses_an_item_without_exactly_one_kind_of_evidence(tmp_path, entry, problem):
    """Each item is mapped to tests or manual with a reason, not neither, not both, and keys are spelled right."""
    path = tmp_path / "checklist.toml"
    path.write_text(f'[[section]]\nname = "S"\n\n[[section.item]]\n{entry}\n')
    with pytest.raises(ValueError, match=re.escape(problem)):
        load_checklist(path)


def test_a_section_manual_reason_covers_its_unmapped_items(tmp_path):
    """An item with neither tests nor markers takes its section's manual reason; a mapped item does not."""
    path = tmp_path / "checklist.toml"
    path.write_text(
        '[[section]]\nname = "S"\nmanual = "people"\n\n[[section.item]]\ntext = "A"\n\n'
        '[[section.item]]\ntext = "B"\ntests = ["tests/x.py"]\n'
    )
    a, b = load_checklist(path)
    assert (a.manual, b.manual, b.tests) == ("people", None, ("tests/x.py",))


# --- measurements and facts -----------------------------------------------------------------------------


def test_observe_appends_the_protocol_entry():
    """observe() adds ("observation", {block, name, value, unit}) to the test's user_properties."""
    request = SimpleNamespace(node=SimpleNamespace(user_properties=[("other", 1)]))
    observe(request, "RLS overhead", "conversation_list", 1.7, "x")
    assert request.node.user_properties[-1] == (
        "observation",
        {"block": "RLS overhead", "name": "conversation_list", "value": 1.7, "unit": "x"},
    )
    assert observations_of(request.node.user_properties) == [request.node.user_properties[-1][1]]


@pytest.mark.parametrize("value", [None, True, [1], {"a": 1}])
def test_observe_refuses_values_that_are_not_a_number_or_text(value):
    """A value the report cannot print is refused where it is recorded."""
    request = SimpleNamespace(node=SimpleNamespace(user_properties=[]))
    with pytest.raises(TypeError):
        observe(request, "Table sizes", "messages", value)


def test_p95_is_the_nearest_rank_of_the_raw_timings():
    """p95 of 1..20 is 19, of 1..100 is 95; no data, no p95."""
    assert percentile([float(n) for n in range(20, 0, -1)], 0.95) == 19.0
    assert percentile([float(n) for n in range(1, 101)], 0.95) == 95.0
    assert percentile([], 0.95) is None


def test_benchmarks_report_median_and_p95_in_milliseconds():
    """pytest-benchmark's raw timings (seconds) become median and p95 in ms, by query name."""
    stats = SimpleNamespace(data=[0.001 * n for n in range(1, 21)], median=0.0105, min=0.001, max=0.02, rounds=20)
    bench = SimpleNamespace(param="conversation_list", name="test_q[conversation_list]", fullname="t.py::test_q",
                            stats=stats, extra_info={"profile": "small"}, has_error=False)  # fmt: skip
    config = SimpleNamespace(_benchmarksession=SimpleNamespace(benchmarks=[bench]))
    (entry,) = fix_report.benchmark_entries(config)
    assert (entry["name"], entry["median_ms"], entry["p95_ms"], entry["rounds"]) == (
        "conversation_list",
        10.5,
        19.0,
        20,
    )
    (row,) = performance_blocks([], [entry])["Query performance"]
    assert row["value"] == "median 10.500 ms, p95 19.000 ms (20 rounds)"
    assert row["name"] == "conversation_list [small]"


def test_blocks_keep_the_checklist_order_and_list_others_after():
    """The five blocks come first, in order, each present even when empty; an unknown block follows them."""
    obs = [{"block": "Cache hits", "name": "x", "value": 1, "unit": ""}, {"block": "RLS overhead", "name": "q",
           "value": 1.2, "unit": "x"}]  # fmt: skip
    blocks = performance_blocks(obs, [])
    assert list(blocks) == [*fix_report.BLOCKS, "Cache hits"]
    assert blocks["RLS overhead"] == [obs[1]]


def test_the_command_line_never_shows_the_password():
    """--dsn values in the recorded command have their password masked, in both spellings."""
    shown = redacted_args(["--dsn", "postgresql://app:s3cret@db/main", "--dsn=host=db password=s3cret", "-m", "rls"])
    assert not any("s3cret" in arg for arg in shown)
    assert shown[0] == "--dsn"
    assert shown[3:] == ["-m", "rls"]


# --- rendering ------------------------------------------------------------------------------------------

FACTS = {
    "target": "staging",
    "target_description": "staging database host=db password=***",
    "exit_status": 1,
    "command": ["--dsn", "host=db password=***"],
    "duration_seconds": 3.2,
    "commit": "abc",
    "dirty": False,
}


def synthetic_report(**facts) -> dict:
    results = ran(*passed(COUNT_ID), *failed(IDX_ID, "AssertionError: Missing: conversations_created_at_idx"))
    obs = [{"block": "RLS overhead", "name": "conversation_list", "value": 1.72, "unit": "x", "test": "t.py::test_r"}]
    return build_report([INDEXES, BACKUP], COLLECTED, {"tests/other.py::t": []}, results, obs, [], {**FACTS, **facts})


def test_markdown_shows_each_item_with_its_status_and_evidence():
    """The Markdown lists the failed item with its failing test and message, and the manual item's reason."""
    md = render_markdown(synthetic_report())
    assert "**Verdict: FAILED**" in md
    assert "- [ ] **FAILED** Check indexes created (should be 6) (1 passed, 1 failed)" in md
    assert f"  - `{IDX_ID}`: AssertionError: Missing: conversations_created_at_idx" in md
    assert "- [ ] *manual* Database backup completed — only a person knows" in md
    assert "| conversation_list | 1.72 x | `t.py::test_r` |" in md
    assert "### Table sizes\n\nNot measured in this run" in md


def test_a_failed_run_is_never_a_passed_verdict():
    """Without a failed item, a non-zero exit (a test outside the checklist failed) still fails the verdict;
    a benchmark regression does too; exit 0 with every automated item run passes."""
    results = ran(*passed(COUNT_ID), *passed(IDX_ID))

    def verdict(**facts) -> str:
        return build_report([INDEXES, BACKUP], COLLECTED, {}, results, [], [], {**FACTS, **facts})["verdict"]

    assert verdict(exit_status=1) == "failed"
    assert (
        verdict(exit_status=0, benchmark_comparison={"compared_with": ["b.json"], "regressions": ["q: +40%"]})
        == "failed"
    )
    assert verdict(exit_status=0) == "passed"
    assert build_report([INDEXES], {}, COLLECTED, {}, [], [], {**FACTS, "exit_status": 5})["verdict"] == "incomplete"


TIMING = ChecklistItem(
    section="Post-Deployment Verification - Performance Testing",
    text="Check query execution time (should be < 50ms for typical queries)",
    tests=("tests/test_perf.py",),
    measured=True,
)
PLAN_ID, BUDGET_ID = "tests/test_perf.py::test_plan[q]", "tests/test_perf.py::test_budget[q]"
NOT_TIMED = "timing not measured (--benchmark-disable or xdist)"


def test_a_measurement_that_did_not_happen_is_not_measured_whatever_else_passed():
    """A measured item whose timing test was skipped is `not measured` with the reason, not passed."""
    results = ran(*passed(PLAN_ID), *skipped(BUDGET_ID, NOT_TIMED))
    entry = item_status(TIMING, {PLAN_ID: [], BUDGET_ID: []}, {}, results)
    assert (entry["status"], entry["skip_reasons"]) == ("not measured", [NOT_TIMED]), TIMING.key
    assert f"- [ ] *not measured* {TIMING.text} — {NOT_TIMED}" in render_markdown(
        build_report([TIMING], {PLAN_ID: [], BUDGET_ID: []}, {}, results, [], [], FACTS)
    )


WRITES = "production target: this test writes (even rolled back)"
RUNS = {  # the test results of a run, and its verdict: passed only when every automated item passed
    "all-passed": ([*passed(COUNT_ID), *passed(IDX_ID), *passed(PLAN_ID), *passed(BUDGET_ID)], "passed"),
    "xdist": ([*passed(COUNT_ID), *passed(IDX_ID), *passed(PLAN_ID), *skipped(BUDGET_ID, NOT_TIMED)], "incomplete"),
    "production": (
        [*passed(COUNT_ID), *passed(IDX_ID), *skipped(PLAN_ID, WRITES), *skipped(BUDGET_ID, WRITES)],
        "incomplete",
    ),
    "item-skipped": (
        [*skipped(COUNT_ID, WRITES), *skipped(IDX_ID, WRITES), *passed(PLAN_ID), *passed(BUDGET_ID)],
        "incomplete",
    ),
}


@pytest.mark.parametrize(("phases", "expected"), RUNS.values(), ids=RUNS)
def test_a_skipped_or_unmeasured_item_makes_the_verdict_incomplete(phases, expected):
    """A run without failures is incomplete, never passed, when an item was not measured or skipped."""
    collected = {**COLLECTED, PLAN_ID: [], BUDGET_ID: []}
    report = build_report([INDEXES, TIMING], collected, {}, ran(*phases), [], [], {**FACTS, "exit_status": 0})
    assert report["verdict"] == expected, [(i["text"], i["status"]) for i in report["items"]]


def test_json_round_trips_and_holds_no_password():
    """The JSON report is plain data: it survives a round trip and carries no password."""
    text = json.dumps(synthetic_report(), default=str)
    assert json.loads(text)["items"][0]["status"] == "failed"
    assert "s3cret" not in text


def test_terminal_summary_names_sections_totals_and_where_the_report_is():
    """The sections give their counts and fold manual-only ones into one line; the last lines are the verdict,
    each failed item with the test to read, and the report's path."""
    lines = section_lines(synthetic_report())
    assert re.fullmatch(r"Deployment Steps - Step 1: Apply Migration 003 \(Conversations\)\s+FAILED 1 failed", lines[0])
    assert lines[1:] == ["manual only (1 sections): Pre-Deployment"]
    assert verdict_lines(synthetic_report(), ["reports/deployment-report.md"]) == [
        "checklist: FAILED: 1 failed, 1 manual (2 items)",
        f"FAILED {INDEXES.key}: {IDX_ID}",
        "report: reports/deployment-report.md",
    ]


def test_the_verdict_counts_skips_by_reason_and_names_more_failures_briefly():
    """Skipped tests are one line per reason, most first; an item with several failures names the first."""
    results = ran(
        *failed(COUNT_ID, "AssertionError: found 5"), *failed(IDX_ID, "AssertionError: Missing"),
        *skipped(PLAN_ID, WRITES), *skipped(BUDGET_ID, WRITES), *skipped("tests/t.py::a", NOT_TIMED),
    )  # fmt: skip
    collected = {**COLLECTED, PLAN_ID: [], BUDGET_ID: [], "tests/t.py::a": []}
    report = build_report([INDEXES, TIMING], collected, {}, results, [], [], FACTS)
    assert verdict_lines(report, ["r.md"]) == [
        f"skipped 2: {WRITES}",
        f"skipped 1: {NOT_TIMED}",
        "checklist: FAILED: 1 failed, 1 not measured (2 items)",
        f"FAILED {INDEXES.key}: {IDX_ID} (and 1 more)",
        "report: r.md",
    ]


# --- the checklist as data covers the checklist ---------------------------------------------------------


def checklist_markdown_items(text: str) -> list[tuple[str, str]]:
    """(section, text) of every "[ ]" list item, outside code blocks; section is "<##> - <###>"."""
    found, h2, h3, fenced = [], "", "", False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif fenced:
            continue
        elif line.startswith("## "):
            h2, h3 = line[3:].strip(), ""
        elif line.startswith("### "):
            h3 = line[4:].strip()
        elif match := re.match(r"^\s*(?:[-*]|\d+\.)\s+\[ \]\s+(.*)$", line):
            item = re.sub(r"\s*_{3,}.*$", "", match.group(1)).strip().rstrip(":").strip()
            found.append((f"{h2} - {h3}" if h3 else h2, item))
    return found


def test_markdown_parser_reads_items_and_ignores_code():
    """Nested and numbered items count; items inside code fences, headings and blanks to fill in do not."""
    text = textwrap.dedent("""\
        ## Part
        - [ ] First:
          - [ ] `nested` item
        ```sql
        - [ ] not an item
        ```
        ### Sub
        1. [ ] Numbered
        - [ ] Signed off: ______ Date: ____
        **Status**: [ ] Success
        """)
    assert checklist_markdown_items(text) == [
        ("Part", "First"),
        ("Part", "`nested` item"),
        ("Part - Sub", "Numbered"),
        ("Part - Sub", "Signed off"),
    ]


def test_vendored_checklist_is_the_teams():
    """contract/deployment-checklist.md is the team's checklist as it stands beside the project."""
    if not TEAM_CHECKLIST_MD.is_file():
        pytest.skip(f"the team's checklist is not beside the project ({TEAM_CHECKLIST_MD})")
    assert CHECKLIST_MD.read_text() == TEAM_CHECKLIST_MD.read_text(), (
        f"the checklist changed: copy {TEAM_CHECKLIST_MD} to {CHECKLIST_MD}, then update contract/checklist.toml"
    )


def test_every_checklist_item_is_in_the_data_in_order():
    """checklist.toml lists exactly the checklist's items, in the checklist's order, each once."""
    in_markdown = checklist_markdown_items(CHECKLIST_MD.read_text())
    in_data = [(item.section, item.text) for item in CHECKLIST]
    missing = [f"{s} - {t}" for s, t in in_markdown if (s, t) not in in_data]
    extra = [f"{s} - {t}" for s, t in in_data if (s, t) not in in_markdown]
    assert not missing and not extra, f"checklist.toml vs the checklist:\n  Missing: {missing}\n  Extra: {extra}"
    assert in_data == in_markdown, "checklist.toml lists the checklist's items in another order"
    assert len(set(in_data)) == len(in_data)


def test_every_item_is_mapped_or_manual_with_a_reason():
    """Every item has tests or a marker expression, or a manual reason a reader can act on."""
    unmapped = [i.key for i in CHECKLIST if not (i.tests or i.markers) and len((i.manual or "").split()) < 4]
    assert not unmapped, f"checklist items neither mapped nor explained: {unmapped}"
    assert sum(1 for i in CHECKLIST if not i.manual) >= 80, "most of the checklist is automated; keep it so"


def _collect(*args: str) -> list[str]:
    result = run_suite("--collect-only", *args, timeout=120)
    assert result.returncode in (0, 5), result.stdout[-2000:] + result.stderr[-2000:]
    return [line for line in result.stdout.splitlines() if "::" in line and not line.startswith(" ")]


def test_every_mapping_selects_collected_tests():
    """Each node-id pattern matches, and each marker expression selects, at least one collected test: a renamed
    or removed test cannot leave an item silently unproven."""
    nodeids = _collect()
    assert len(nodeids) > 300, "the suite collected too few tests to check the mapping against"
    stale = [f"{i.key}: {p}" for i in CHECKLIST for p in i.tests if not any(pattern_matches(p, n) for n in nodeids)]
    for expression in sorted({i.markers for i in CHECKLIST if i.markers}):
        if not _collect("-m", expression):
            stale.append(f"-m {expression!r}")
    assert not stale, "checklist.toml maps items to tests that do not exist:\n  " + "\n  ".join(stale)


# --- the report a real run writes -----------------------------------------------------------------------

STATIC = "migrations and not commits"  # file checks only: no server, a few seconds


MANUAL = sum(1 for item in CHECKLIST if item.manual)


def last_lines(result: subprocess.CompletedProcess, count: int) -> list[str]:
    return result.stdout.rstrip("\n").splitlines()[-count:]


def _report(directory: Path) -> dict:
    return json.loads((report_folder(directory) / "deployment-report.json").read_text())


def _by_key(report: dict) -> dict[str, dict]:
    return {f"{i['section']} - {i['text']}": i for i in report["items"]}


def test_a_run_writes_the_report_json_and_junit(tmp_path):
    """A run writes the Markdown, JSON and JUnit XML into --report-dir; selected items pass, others are not run,
    and the terminal ends with the checklist summary and where the report is."""
    result = run_suite("-m", STATIC, f"--report-dir={tmp_path}")
    assert result.returncode == 0, result.stdout[-3000:]
    report = _report(tmp_path)
    items = _by_key(report)
    assert items["Pre-Deployment - Code Preparation - Reviewed all migration files (003-006)"]["status"] == "passed"
    rls = items["Deployment Steps - Step 1: Apply Migration 003 (Conversations) - Verify RLS enabled"]
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
        f"report: {folder / 'deployment-report.md'}, {folder / 'deployment-report.json'}, {folder / 'junit.xml'}",
    ]
    assert re.fullmatch(r"\d+ passed, \d+ deselected in .*", last_lines(result, 3)[0])


def test_under_xdist_the_controller_writes_the_same_statuses(tmp_path):
    """With -n 2 the workers' collection reaches the controller, which alone writes the same item statuses."""
    alone, spread = tmp_path / "alone", tmp_path / "xdist"
    assert run_suite("-m", STATIC, f"--report-dir={alone}").returncode == 0
    result = run_suite("-n", "2", "-m", STATIC, f"--report-dir={spread}")
    assert result.returncode == 0, result.stdout[-3000:]
    statuses = {k: (v["status"], v.get("counts")) for k, v in _by_key(_report(alone)).items()}
    assert {k: (v["status"], v.get("counts")) for k, v in _by_key(_report(spread)).items()} == statuses
    assert sorted(p.name for p in report_folder(spread).iterdir()) == [
        "deployment-report.json",
        "deployment-report.md",
        "junit.xml",
    ]


PERFORMANCE = "Post-Deployment Verification - Performance Testing - "
TIMED = PERFORMANCE + "Check query execution time (should be < 50ms for typical queries)"
# What each Performance Testing item must be on production, where its tests write and are skipped.
ON_PRODUCTION = {
    PERFORMANCE + "Run EXPLAIN ANALYZE on common queries": "skipped",
    PERFORMANCE + 'Verify indexes are being used (look for "Index Scan")': "skipped",
    TIMED: "not measured",
}


def test_under_xdist_the_timings_are_not_measured(tmp_path):
    """pytest-benchmark does not time under xdist: the execution-time item says so instead of passing."""
    result = run_suite("-n", "2", "-m", "performance", f"--report-dir={tmp_path}")
    assert result.returncode == 0, result.stdout[-3000:]
    item = _by_key(_report(tmp_path))[TIMED]
    assert item["status"] == "not measured", f"{TIMED}: {item}"
    assert item["skip_reasons"] == ["timing not measured (--benchmark-disable or xdist); the plan checks still ran"]


def test_on_production_the_skipped_performance_items_make_the_run_incomplete(mutant, tmp_path):
    """A production run passes what it can check, but skipped and unmeasured items leave it incomplete."""
    with mutant("select 1") as dsn:
        result = run_suite("--dsn", dsn, "--target=production", f"--report-dir={tmp_path}")
    assert result.returncode == 0, result.stdout[-3000:]
    report = _report(tmp_path)
    items = _by_key(report)
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


STEP1_INDEXES = "Deployment Steps - Step 1: Apply Migration 003 (Conversations) - Check indexes created (should be 6)"


def test_a_broken_schema_fails_its_item_and_only_its_items(server, mutant, tmp_path):
    """With an index dropped, the report marks Step 1's index item failed with the failing test, keeps the other
    steps' index items passed, fails the verdict, and shows the DSN without its password."""
    with mutant("drop index public.conversations_created_at_idx") as dsn:
        secret = f"{dsn} password=hunter2"  # trust authentication ignores it; the report must hide it
        result = run_suite("-m", "structure", "--dsn", secret, "--target=disposable", f"--report-dir={tmp_path}")
    assert result.returncode == 1, result.stdout[-3000:]
    items = _by_key(_report(tmp_path))
    step1 = items[STEP1_INDEXES]
    assert step1["status"] == "failed"
    assert "tests/test_structure.py::test_count_matches_checklist[indexes-conversations]" in step1["failed"]
    assert (
        items["Deployment Steps - Step 2: Apply Migration 004 (Messages) - Check indexes created (should be 6)"][
            "status"
        ]
        == "passed"
    )
    assert items["Post-Deployment Verification - Database Structure - Total 24 indexes created"]["status"] == "failed"
    failed_items = [f"{i['section']} - {i['text']}" for i in _report(tmp_path)["items"] if i["status"] == "failed"]
    ending = last_lines(result, len(failed_items) + 2)
    assert ending[0].startswith("checklist: FAILED: ") and ending[-1].startswith("report: "), ending
    assert [line.removeprefix("FAILED ").split(": tests/")[0] for line in ending[1:-1]] == failed_items
    assert f"FAILED {STEP1_INDEXES}: tests/test_structure.py::" in "\n".join(ending)
    assert "deployment checklist" in result.stdout, "a red run shows the checklist by section"
    md = (report_folder(tmp_path) / "deployment-report.md").read_text()
    assert "**Verdict: FAILED**" in md
    assert "- [ ] **FAILED** Check indexes created (should be 6)" in md
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
from fixtures.fix_report import observe


def test_rls(request):
    observe(request, "RLS overhead", "conversation_list", 1.72, "x")
    observe(request, "Table sizes", "messages", 40000, "rows")


def test_timed(benchmark):
    benchmark(sum, range(100))


def test_skipped():
    pytest.skip("production target: this test writes")
"""


@pytest.mark.parametrize("xdist", [(), ("-n", "2")], ids=["alone", "xdist"])
def test_observations_and_benchmarks_reach_the_performance_block(tmp_path, xdist):
    """Measurements a test records with observe() fill their block (also from xdist workers); a benchmark's
    median and p95 fill Query performance when benchmarks run."""
    (tmp_path / "conftest.py").write_text('pytest_plugins = ("fixtures.fix_report",)\n')
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
                                       "test": "test_observing.py::test_rls"}]  # fmt: skip
    assert [(o["name"], o["value"]) for o in blocks["Table sizes"]] == [("messages", 40000)]
    md = (tmp_path / "r" / "deployment-report.md").read_text()
    assert "| conversation_list | 1.72 x | `test_observing.py::test_rls` |" in md
    assert "| messages | 40,000 rows |" in md
    if xdist:  # pytest-benchmark measures nothing under xdist
        assert blocks["Query performance"] == []
    else:
        (bench,) = report["benchmarks"]
        assert bench["test"] == "test_observing.py::test_timed"
        assert 0 < bench["median_ms"] <= bench["p95_ms"] <= bench["max_ms"]
        assert blocks["Query performance"][0]["value"].startswith("median ")


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
    assert written == (["deployment-report.json", "deployment-report.md", "junit.xml"] if subset_written else [])
