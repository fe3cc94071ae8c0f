"""Performance Observations: the measurements a test reports, and how the report groups them.

A test reports a measurement with the `observe(block, name, value, unit, **detail)` fixture, which appends
`("observation", {"block", "name", "value", "unit", "detail"})` to the test's `user_properties`: that is the
protocol, and such entries travel from xdist workers with the test's report. `block` is one of BLOCKS (another
name is listed after them); `value` is a number or a short text; `detail` holds further numbers (p95, rounds)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

OBSERVATION = "observation"
BLOCKS = (
    "Table sizes",
    "Query performance",
    "Server time",
    "Harness overhead",
    "Index usage",
    "RLS overhead",
    "Refresh times",
)


def record(user_properties: list, block: str, name: str, value: float | str, unit: str = "", **detail: Any) -> None:
    """Add a measurement to a test's user_properties (block e.g. "RLS overhead")."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"observe({name!r}): value must be a number or a text, not {type(value).__name__}")
    entry = {"block": str(block), "name": str(name), "value": value, "unit": str(unit), "detail": dict(detail)}
    user_properties.append((OBSERVATION, entry))


def observations_of(user_properties: Iterable[tuple[str, Any]]) -> list[dict]:
    """The well-formed observation entries among a test's user_properties."""
    found = []
    for entry in user_properties:
        if len(entry) != 2 or entry[0] != OBSERVATION or not isinstance(entry[1], dict):
            continue
        if {"block", "name", "value"} <= set(entry[1]):
            found.append({"unit": "", "detail": {}, **entry[1]})
    return found


def percentile(data: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile of raw timings."""
    if not data:
        return None
    ordered = sorted(data)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def timing(seconds: list[float]) -> dict[str, float | int]:
    """A benchmark's raw timings (seconds) as the report shows them: median and p95 in ms, rounds."""
    ordered = sorted(seconds)
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return {"median_ms": round(median * 1000, 4), "p95_ms": round(percentile(ordered, 0.95) * 1000, 4),
            "rounds": len(ordered)}  # fmt: skip


def performance_blocks(observations: list[dict]) -> dict[str, list[dict]]:
    """Observations grouped by block, the checklist's blocks first, in the order the tests reported them."""
    blocks: dict[str, list[dict]] = {name: [] for name in BLOCKS}
    for obs in observations:
        blocks.setdefault(obs["block"], []).append(obs)
    return blocks
