"""Growth over volume profiles: each run at a profile saves what it measured; the table sets the profiles side by side.

A run at one profile saves `<dir>/<profile>.json`: the rows it loaded (per table), the load's rate and phases,
each typical query's server-clock and request-clock medians and each refresh's median. The table reads every
profile saved with the same migrations (`sql_digest`: a profile measured on other SQL is left out, and said so)
and checks the budgets of contract/budgets.toml [growth]: a query's server time stays flat between profiles from
`flat_from_messages` up (an ordered index scan of one page does not grow with the table), and a refresh grows at
most `refresh_superlinear` times as fast as the table it reads (matviews.toml `reads`). Server times are compared
by their fastest round (`server_best_ms`): two runs minutes apart differ in what else the machine does, and the
median carries that.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from pathlib import Path

from acceptance import contract, sqlfiles

BUDGETS = contract.load("budgets")["growth"]
NOISE_FLOOR_MS = contract.load("budgets")["server_noise_floor_ms"]
PROFILES = contract.load("volume")["profiles"]
READS = {name: spec["reads"] for name, spec in contract.load("matviews")["matviews"].items()}


def sql_digest() -> str:
    """What the measurements depend on: the migrations and the volume load."""
    digest = hashlib.sha256()
    for file in sorted([*(sqlfiles.SQL / "migrations").glob("*.sql"), *(sqlfiles.SQL / "volume").glob("*.sql")]):
        digest.update(file.name.encode() + file.read_bytes())
    return digest.hexdigest()[:16]


def save(directory: Path, profile: str, measured: dict) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    file = directory / f"{profile}.json"
    file.write_text(json.dumps({"profile": profile, "sql_digest": sql_digest(), **measured}, indent=2) + "\n")
    return file


def load_all(directory: Path) -> tuple[list[dict], list[str]]:
    """The saved profiles measured on today's SQL, smallest first, and the names of those left out."""
    found, stale = [], []
    for file in sorted(directory.glob("*.json")) if directory.is_dir() else []:
        data = json.loads(file.read_text())
        if data.get("profile") not in PROFILES:
            continue
        (found if data.get("sql_digest") == sql_digest() else stale).append(data)
    found.sort(key=lambda d: PROFILES[d["profile"]]["messages"])
    return found, [d["profile"] for d in stale]


def _cell(value: float | None, unit: str = "ms") -> str:
    return "-" if value is None else f"{value:,.3f} {unit}" if value < 10 else f"{value:,.0f} {unit}"


def load_rate(rate: float, beside_tests_seconds: float | None) -> str:
    """A load's rate, and whether it had the cores to itself: in a whole run the other tests run beside it, and
    its rate then measures the machine's sharing more than the load (large: about 170,000 rows/s beside the
    tests, 260,000 alone). None: not recorded (a file saved before it was)."""
    if beside_tests_seconds is None:
        return f"{rate:,.0f} rows/s"
    if beside_tests_seconds < 0.5:
        return f"{rate:,.0f} rows/s alone"
    return f"{rate:,.0f} rows/s, {beside_tests_seconds:.1f} s of it beside other tests"


def table(profiles: list[dict]) -> list[str]:
    """A Markdown table: one row per measurement, one column per profile."""
    names = [p["profile"] for p in profiles]
    lines = ["| measurement | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    lines.append("| messages | " + " | ".join(f"{PROFILES[n]['messages']:,}" for n in names) + " |")
    lines.append("| rows loaded | " + " | ".join(f"{p['rows']:,}" for p in profiles) + " |")
    lines.append("| load | " + " | ".join(
        f"{p['load']['seconds']:.1f} s, {load_rate(p['load']['rate'], p['load'].get('beside_tests_seconds'))}"
        for p in profiles) + " |")  # fmt: skip
    kinds = (("server", "server_ms"), ("as executed", "executed_ms"), ("request", "request_ms"),
             ("refresh", "refresh_ms"))  # fmt: skip
    for kind, key in kinds:
        for name in sorted({k for p in profiles for k in p.get(key, {})}):
            lines.append(f"| {kind}: {name} | " + " | ".join(_cell(p.get(key, {}).get(name)) for p in profiles) + " |")
    return lines


def violations(profiles: list[dict], involving: str | None = None) -> list[str]:
    """What grew faster than its budget, between each profile and the next larger one (only the pairs with the
    profile `involving`, when given: a run judges its own measurements, not two earlier runs')."""
    found = []
    for small, large in itertools.pairwise(profiles):
        if involving is not None and involving not in (small["profile"], large["profile"]):
            continue
        pair = f"{small['profile']} -> {large['profile']}"
        if PROFILES[small["profile"]]["messages"] >= BUDGETS["flat_from_messages"]:
            key = "server_best_ms" if "server_best_ms" in small and "server_best_ms" in large else "server_ms"
            for name, before in small.get(key, {}).items():
                after = large.get(key, {}).get(name)
                if after is not None and after > BUDGETS["query_ratio"] * before + NOISE_FLOOR_MS:
                    budget = f"{BUDGETS['query_ratio']}x + {NOISE_FLOOR_MS} ms"
                    found.append(f"server time of {name} grew {after / before:.2f}x ({before:.3f} -> {after:.3f} ms, "
                                 f"{pair}); budget {budget}")  # fmt: skip
        for name, before in small.get("refresh_ms", {}).items():
            after = large.get("refresh_ms", {}).get(name)
            table = READS[name.split()[-1]]  # "REFRESH [CONCURRENTLY] <matview>"
            grew = large.get("tables", {}).get(table, 0) / max(small.get("tables", {}).get(table, 0), 1)
            if after is None or not grew:
                continue  # a profile saved without its tables' rows cannot say how much the input grew
            if after > BUDGETS["refresh_superlinear"] * grew * before:
                budget = f"{BUDGETS['refresh_superlinear']} x {grew:.0f}x"
                found.append(f"{name} grew {after / before:.1f}x for {grew:.0f}x the rows of {table} ({before:.0f} -> "
                             f"{after:.0f} ms, {pair}); budget {budget}")  # fmt: skip
    return found


def regressions(before: dict, now: dict, spread_multiple: float) -> list[str]:
    """The queries whose server-clock median (`server_ms`) now exceeds the earlier run's by more than
    `spread_multiple` times the larger of the two runs' interquartile ranges (`server_iqr_ms`) plus the noise floor."""
    slower = []
    for key, median in now.get("server_ms", {}).items():
        then = before.get("server_ms", {}).get(key)
        if then is None:
            continue
        spread = max(before.get("server_iqr_ms", {}).get(key, 0.0), now.get("server_iqr_ms", {}).get(key, 0.0))
        allowed = then + spread_multiple * spread + NOISE_FLOOR_MS
        if median > allowed:
            slower.append(f"{key}: {median:.3f} ms, was {then:.3f} ms "
                          f"(allowed {allowed:.3f} ms: spread {spread:.3f} ms)")  # fmt: skip
    return slower
