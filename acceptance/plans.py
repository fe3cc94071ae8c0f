"""Plan baselines: the shape of each typical query's plan per volume profile, committed, compared, rewritten on demand.

A shape is the plan without its numbers: one line per node, indented by depth, naming the node type, the join
type, the index and the relation, the sort keys and whether it is an init plan or sub plan. Costs, row counts and
timings are left out: they vary from run to run while the shape is what the budget depends on. A run whose shape
differs from contract/plans/<profile>.json fails with a diff of the two; `--update-plan-baseline` rewrites the
entry after review.
"""

from __future__ import annotations

import difflib
import fcntl
import json
from collections.abc import Iterator
from pathlib import Path

from acceptance import contract

BASELINES = contract.DATA / "plans"


def shape(node: dict, depth: int = 0) -> list[str]:
    """The plan (EXPLAIN's FORMAT JSON "Plan") as indented lines, depth first."""
    words = [node["Node Type"]]
    if node.get("Join Type") and node["Node Type"] != "Hash":
        words.append(f"({node['Join Type']})")
    if node.get("Index Name"):
        words.append(f"using {node['Index Name']}")
    if node.get("Relation Name"):
        words.append(f"on {node['Relation Name']}")
    if node.get("Sort Key"):
        words.append(f"by {', '.join(node['Sort Key'])}")
    if node.get("Subplan Name"):  # "InitPlan 1 (returns $0)": the parameter's name differs between versions
        words.append(f"[{node['Subplan Name'].split(' (')[0]}]")
    elif node.get("Parent Relationship") in ("InitPlan", "SubPlan"):
        words.append(f"[{node['Parent Relationship']}]")
    lines = ["  " * depth + " ".join(words)]
    for child in node.get("Plans", []):
        lines += shape(child, depth + 1)
    return lines


def scans(node: dict) -> Iterator[tuple[str, str, str | None]]:
    """Every scan of a table in the plan, depth first: (relation, node type, index name or None)."""
    if node.get("Relation Name"):
        yield node["Relation Name"], node["Node Type"], node.get("Index Name")
    for child in node.get("Plans", []):
        yield from scans(child)


def path(major: int, profile: str) -> Path:
    """A baseline per server major version and profile: the planner's choices differ between versions."""
    return BASELINES / f"pg{major}" / f"{profile}.json"


def load(major: int, profile: str) -> dict[str, list[str]] | None:
    """The committed shapes of a profile, by query and actor; None when the profile has no baseline yet."""
    file = path(major, profile)
    return json.loads(file.read_text()) if file.is_file() else None


def record(major: int, profile: str, key: str, lines: list[str]) -> None:
    """Write one entry of the profile's baseline (a read-modify-write under a lock: xdist workers share the file)."""
    file = path(major, profile)
    file.parent.mkdir(parents=True, exist_ok=True)
    with open(file.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        entries = load(major, profile) or {}
        entries[key] = lines
        file.write_text(json.dumps(dict(sorted(entries.items())), indent=2) + "\n")
    file.with_suffix(".lock").unlink(missing_ok=True)


def difference(expected: list[str], found: list[str]) -> str:
    """A unified diff of two shapes, for a failure message."""
    return "\n".join(difflib.unified_diff(expected, found, "baseline", "this run", lineterm="", n=10))
