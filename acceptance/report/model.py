"""From test results to the report's data: each checklist item's status, the sections' counts, the verdict.

An item's status comes from the results of the tests that name it (collected and deselected map node ids to the
item ids of their `checklist` marks):

- failed: at least one of its tests failed (setup, call or teardown); the failing test ids are listed;
- passed: none failed and at least one passed;
- skipped: all of its tests that ran were skipped; the reasons are listed (e.g. "production target: ...");
- not measured: the item is a measurement (`measured`) and a test of it was skipped, so the timing did not happen
  (xdist, --benchmark-disable, a production target) whatever else passed; the reasons are listed;
- not run: none of its tests ran (deselected, not collected, or the run stopped first);
- manual: only a person can confirm it.

The verdict: error when the run could not start; else failed when an item failed, the run failed or a benchmark
regressed; else incomplete when an automated item was skipped, not measured or did not run (a run stopped by
Ctrl-C among them: it proves nothing, and found nothing wrong); else passed.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from acceptance.report.checklist import ChecklistItem
from acceptance.report.observations import performance_blocks

STATUSES = ("passed", "failed", "skipped", "not measured", "manual", "not run")
# Statuses that leave the checklist unproven: a run with any of them is incomplete, never passed.
UNPROVEN = ("skipped", "not measured", "not run")
SCHEMA = 2


def merge_result(results: dict[str, dict], report: Any) -> None:
    """Fold one phase's pytest report into the test's result: a failure in any phase sticks, then a skip, then a
    pass."""
    current = results.setdefault(report.nodeid, {"outcome": None, "message": ""})
    if current["outcome"] == "failed":
        return
    if report.failed:
        current.update(outcome="failed", message=_failure_message(report))
    elif report.skipped:
        xfail = getattr(report, "wasxfail", None)
        current.update(outcome="skipped", message=f"xfail: {xfail}" if xfail is not None else _skip_reason(report))
    elif report.when == "call" and current["outcome"] is None:
        current["outcome"] = "passed"


def _skip_reason(report: Any) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr or "")


def _failure_message(report: Any) -> str:
    crash = getattr(getattr(report, "longrepr", None), "reprcrash", None)
    text = getattr(crash, "message", None) or report.longreprtext or "failed"
    first = text.strip().splitlines()[0] if text.strip() else "failed"
    prefix = "" if report.when == "call" else f"error in {report.when}: "
    return (prefix + first)[:300]


def item_status(
    item: ChecklistItem, collected: dict[str, list[str]], deselected: dict[str, list[str]], results: dict[str, dict]
) -> dict:
    """One checklist item's status and the evidence for it."""
    entry: dict[str, Any] = {"id": item.id, "section": item.section, "text": item.text}
    if item.manual:
        return {**entry, "status": "manual", "reason": item.manual}
    selected = [nodeid for nodeid, ids in collected.items() if item.id in ids]
    left_out = [nodeid for nodeid, ids in deselected.items() if item.id in ids]
    outcomes = {nodeid: results[nodeid] for nodeid in selected if results.get(nodeid, {}).get("outcome")}
    counts = Counter(r["outcome"] for r in outcomes.values())
    entry["counts"] = {k: counts.get(k, 0) for k in ("passed", "failed", "skipped")}
    entry["counts"]["not run"] = len(selected) - len(outcomes) + len(left_out)
    failed = sorted(n for n, r in outcomes.items() if r["outcome"] == "failed")
    entry["skip_reasons"] = sorted({r["message"] for r in outcomes.values() if r["outcome"] == "skipped"})
    if failed:
        entry.update(status="failed", failed=failed, failures={n: outcomes[n]["message"] for n in failed})
    elif item.measured and counts["skipped"]:
        entry["status"] = "not measured"
    elif counts["passed"]:
        entry["status"] = "passed"
    elif counts["skipped"]:
        entry["status"] = "skipped"
    else:
        entry["status"] = "not run"
        if selected:
            entry["reason"] = "its tests did not run (the run stopped before them)"
        elif left_out:
            entry["reason"] = "deselected in this run"
        else:
            entry["reason"] = "its tests were not collected in this run"
    return entry


def sections(items: list[dict]) -> list[dict]:
    """The checklist's sections in order, with how many of their items have each status."""
    order: dict[str, Counter] = {}
    for item in items:
        order.setdefault(item["section"], Counter())[item["status"]] += 1
    return [{"name": name, "counts": {s: c.get(s, 0) for s in STATUSES}} for name, c in order.items()]


def build_report(
    checklist: list[ChecklistItem],
    collected: dict[str, list[str]],
    deselected: dict[str, list[str]],
    results: dict[str, dict],
    observations: list[dict],
    facts: dict,
    matrix: dict | None = None,
) -> dict:
    """The report as data: what the JSON file holds and the renderers show (`matrix`: acceptance.report.matrix)."""
    items = [item_status(i, collected, deselected, results) for i in checklist]
    beyond: dict[str, dict] = {}
    for nodeid in sorted(n for n, ids in collected.items() if not ids):
        module = beyond.setdefault(nodeid.split("::")[0], {"tests": 0, "failed": {}})
        module["tests"] += 1
        if results.get(nodeid, {}).get("outcome") == "failed":
            module["failed"][nodeid] = results[nodeid]["message"]
    outcomes = Counter(r["outcome"] for r in results.values() if r.get("outcome"))
    skips = Counter(r["message"] for r in results.values() if r.get("outcome") == "skipped")
    counts = Counter(i["status"] for i in items)
    return {
        "schema": SCHEMA,
        "verdict": verdict(counts, facts),
        "facts": facts,
        "summary": {s: counts.get(s, 0) for s in STATUSES},
        "tests": {
            "collected": len(collected),
            "deselected": len(deselected),
            **{k: outcomes.get(k, 0) for k in ("passed", "failed", "skipped")},
            "beyond_checklist": beyond,
            "skip_reasons": dict(sorted(skips.items(), key=lambda kv: (-kv[1], kv[0]))),
        },
        "sections": sections(items),
        "items": items,
        "performance": performance_blocks(observations),
        "matrix": matrix,
    }


def verdict(counts: Counter, facts: dict) -> str:
    """error, failed, incomplete or passed: passed only when every automated item passed."""
    if facts.get("start_error"):
        return "error"
    regressed = bool((facts.get("benchmark_comparison") or {}).get("regressions"))
    # pytest exits 2 when interrupted, by Ctrl-C (`interrupted`) or by collection errors (a defect of the suite).
    stopped = facts.get("interrupted") and facts.get("exit_status") == 2
    if counts["failed"] > 0 or regressed or (facts.get("exit_status", 0) not in (0, 5) and not stopped):
        return "failed"
    return "incomplete" if stopped or any(counts[s] for s in UNPROVEN) else "passed"
