"""The deployment report as a library (acceptance/report/): item statuses from test results, the verdict, the
observation protocol, and the Markdown and terminal renderings, on synthetic results."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest

from acceptance.report.checklist import ChecklistItem
from acceptance.report.facts import redacted_args
from acceptance.report.markdown import render_markdown, section_lines, value_text, verdict_lines
from acceptance.report.model import build_report, item_status, merge_result
from acceptance.report.observations import BLOCKS, observations_of, percentile, performance_blocks, record, timing

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
    id="step1-indexes",
    section="Deployment Steps - Step 1: Apply Migration 003 (Conversations)",
    text="Check indexes created (should be 6)",
)
BACKUP = ChecklistItem(id="env-backup", section="Pre-Deployment", text="Database backup completed",
                       manual="only a person knows")  # fmt: skip
COUNT_ID = "tests/test_structure.py::test_count_matches_checklist[indexes-conversations]"
IDX_ID = "tests/test_idx.py::test_by_name[conversations]"
COLLECTED = {COUNT_ID: ["step1-indexes"], IDX_ID: ["step1-indexes"]}


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
    assert status == {"id": "env-backup", "section": "Pre-Deployment", "text": "Database backup completed",
                      "status": "manual", "reason": "only a person knows"}  # fmt: skip


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


def test_an_item_counts_only_the_tests_that_name_it():
    """A test proves the items its marks name and no other, whatever its module or markers."""
    other = ChecklistItem(id="step2-indexes", section="S", text="t")
    collected = {**COLLECTED, "tests/test_structure.py::test_x[messages]": ["step2-indexes"]}
    results = ran(*failed(COUNT_ID, "AssertionError"), *passed("tests/test_structure.py::test_x[messages]"))
    assert item_status(other, collected, {}, results)["status"] == "passed"
    assert item_status(INDEXES, collected, {}, results)["status"] == "failed"


# --- measurements and facts -----------------------------------------------------------------------------


def test_observe_appends_the_protocol_entry():
    """observe() adds ("observation", {block, name, value, unit, detail}) to the test's user_properties."""
    properties: list = [("other", 1)]
    record(properties, "RLS overhead", "conversation_list", 1.7, "x", rounds=3)
    assert properties[-1] == (
        "observation",
        {"block": "RLS overhead", "name": "conversation_list", "value": 1.7, "unit": "x", "detail": {"rounds": 3}},
    )
    assert observations_of(properties) == [properties[-1][1]]


@pytest.mark.parametrize("value", [None, True, [1], {"a": 1}])
def test_observe_refuses_values_that_are_not_a_number_or_text(value):
    """A value the report cannot print is refused where it is recorded."""
    with pytest.raises(TypeError):
        record([], "Table sizes", "messages", value)


def test_p95_is_the_nearest_rank_of_the_raw_timings():
    """p95 of 1..20 is 19, of 1..100 is 95; no data, no p95."""
    assert percentile([float(n) for n in range(20, 0, -1)], 0.95) == 19.0
    assert percentile([float(n) for n in range(1, 101)], 0.95) == 95.0
    assert percentile([], 0.95) is None


def test_a_benchmark_reports_median_and_p95_in_milliseconds():
    """A benchmark's raw timings (seconds) become median and p95 in ms, and the report shows both."""
    timed = timing([0.001 * n for n in range(1, 21)])
    assert timed == {"median_ms": 10.5, "p95_ms": 19.0, "rounds": 20}
    shown = value_text({"value": timed["median_ms"], "unit": "ms median", "detail": timed})
    assert shown == "10.5 ms median, p95 19.000 ms (20 rounds)"


def test_blocks_keep_the_checklist_order_and_list_others_after():
    """The five blocks come first, in order, each present even when empty; an unknown block follows them."""
    obs = [{"block": "Cache hits", "name": "x", "value": 1, "unit": ""}, {"block": "RLS overhead", "name": "q",
           "value": 1.2, "unit": "x"}]  # fmt: skip
    blocks = performance_blocks(obs)
    assert list(blocks) == [*BLOCKS, "Cache hits"]
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
    return build_report([INDEXES, BACKUP], COLLECTED, {"tests/other.py::t": []}, results, obs, {**FACTS, **facts})


def test_markdown_shows_each_item_with_its_status_and_evidence():
    """The Markdown lists the failed item with its failing test and message, and the manual item's reason."""
    md = render_markdown(synthetic_report())
    assert "**Verdict: FAILED**" in md
    assert "- [ ] **FAILED** `step1-indexes` Check indexes created (should be 6) (1 passed, 1 failed)" in md
    assert f"  - `{IDX_ID}`: AssertionError: Missing: conversations_created_at_idx" in md
    assert "- [ ] *manual* `env-backup` Database backup completed — only a person knows" in md
    assert "| conversation_list | 1.72 x | `t.py::test_r` |" in md
    assert "### Table sizes\n\nNot measured in this run" in md


def test_a_failed_run_is_never_a_passed_verdict():
    """Without a failed item, a non-zero exit (a test outside the checklist failed) still fails the verdict;
    a benchmark regression does too; exit 0 with every automated item run passes."""
    results = ran(*passed(COUNT_ID), *passed(IDX_ID))

    def verdict(**facts) -> str:
        return build_report([INDEXES, BACKUP], COLLECTED, {}, results, [], {**FACTS, **facts})["verdict"]

    assert verdict(exit_status=1) == "failed"
    assert (
        verdict(exit_status=0, benchmark_comparison={"compared_with": ["b.json"], "regressions": ["q: +40%"]})
        == "failed"
    )
    assert verdict(exit_status=0) == "passed"
    assert build_report([INDEXES], {}, COLLECTED, {}, [], {**FACTS, "exit_status": 5})["verdict"] == "incomplete"
    # Exit 2: a collection error fails; Ctrl-C leaves the run incomplete even when all it ran passed.
    assert verdict(exit_status=2) == "failed"
    assert verdict(exit_status=2, interrupted=True) == "incomplete"
    failing = ran(*passed(COUNT_ID), phase(IDX_ID, "call", "failed"))
    assert (
        build_report([INDEXES], COLLECTED, {}, failing, [], {**FACTS, "exit_status": 2, "interrupted": True})["verdict"]
        == "failed"
    )


TIMING = ChecklistItem(
    id="perf-query-time",
    section="Post-Deployment Verification - Performance Testing",
    text="Check query execution time (should be < 50ms for typical queries)",
    measured=True,
)
PLAN_ID, BUDGET_ID = "tests/test_perf.py::test_plan[q]", "tests/test_perf.py::test_budget[q]"
NOT_TIMED = "timing not measured (--benchmark-disable or xdist)"


def test_a_measurement_that_did_not_happen_is_not_measured_whatever_else_passed():
    """A measured item whose timing test was skipped is `not measured` with the reason, not passed."""
    results = ran(*passed(PLAN_ID), *skipped(BUDGET_ID, NOT_TIMED))
    entry = item_status(TIMING, {PLAN_ID: ["perf-query-time"], BUDGET_ID: ["perf-query-time"]}, {}, results)
    assert (entry["status"], entry["skip_reasons"]) == ("not measured", [NOT_TIMED]), TIMING.key
    assert f"- [ ] *not measured* `{TIMING.id}` {TIMING.text} — {NOT_TIMED}" in render_markdown(
        build_report([TIMING], {PLAN_ID: ["perf-query-time"], BUDGET_ID: ["perf-query-time"]}, {}, results, [], FACTS)
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
    collected = {**COLLECTED, PLAN_ID: ["perf-query-time"], BUDGET_ID: ["perf-query-time"]}
    report = build_report([INDEXES, TIMING], collected, {}, ran(*phases), [], {**FACTS, "exit_status": 0})
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
        f"FAILED {INDEXES.id} ({INDEXES.key}): {IDX_ID}",
        "report: reports/deployment-report.md",
    ]


def test_the_verdict_counts_skips_by_reason_and_names_more_failures_briefly():
    """Skipped tests are one line per reason, most first; an item with several failures names the first."""
    results = ran(
        *failed(COUNT_ID, "AssertionError: found 5"), *failed(IDX_ID, "AssertionError: Missing"),
        *skipped(PLAN_ID, WRITES), *skipped(BUDGET_ID, WRITES), *skipped("tests/t.py::a", NOT_TIMED),
    )  # fmt: skip
    collected = {**COLLECTED, PLAN_ID: ["perf-query-time"], BUDGET_ID: ["perf-query-time"], "tests/t.py::a": []}
    report = build_report([INDEXES, TIMING], collected, {}, results, [], FACTS)
    assert verdict_lines(report, ["r.md"]) == [
        f"skipped 2: {WRITES}",
        f"skipped 1: {NOT_TIMED}",
        "checklist: FAILED: 1 failed, 1 not measured (2 items)",
        f"FAILED {INDEXES.id} ({INDEXES.key}): {IDX_ID} (and 1 more)",
        "report: r.md",
    ]
