"""The access matrix in the report: every cell of contract/access_matrix.toml with what it expects and how its test
ended in this run. A test names its cell with the ("rls_cell", id) user property (acceptance.rls.CELL_PROPERTY)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from acceptance.rls import CELL_PROPERTY, MATRIX, Outcome, cells


def cell_of(user_properties: Iterable[tuple[str, Any]]) -> str | None:
    """The matrix cell a test checked, from its user_properties."""
    return dict(user_properties).get(CELL_PROPERTY)


def kind(outcome: Outcome) -> str:
    """denied (an error), filtered (0 rows, null) or allowed (rows seen or written, the own tenant)."""
    if outcome.sqlstate:
        return "denied"
    return "filtered" if outcome.rows == 0 or outcome.returns == "null" else "allowed"


def grid(tested: dict[str, str], results: dict[str, dict]) -> dict:
    """{actors, rows: [{object, command, cells: [{actor, expected, kind, status, seen}]}]}; `tested` maps a cell id
    to the node id of its test, `results` node ids to their outcome and message."""
    actors = MATRIX["matrix"]["actors"]
    by_row: dict[tuple[str, str], dict[str, Any]] = {}
    for cell in cells():
        result = results.get(tested.get(cell.id, ""), {})
        status = result.get("outcome") or "not run"
        entry = {"actor": cell.actor, "expected": cell.outcome.text, "kind": kind(cell.outcome), "status": status,
                 "seen": result.get("message", "") if status == "failed" else ""}  # fmt: skip
        row = by_row.setdefault((cell.object, cell.command), {"object": cell.object, "command": cell.command})
        row.setdefault("cells", []).append(entry)
    return {"actors": actors, "rows": list(by_row.values())}
