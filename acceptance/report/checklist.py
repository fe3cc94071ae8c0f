"""The deployment checklist as data (contract/checklist.toml): items with stable ids, in the checklist's order.

Which tests prove an item is said by the tests (their `checklist` marks); this module knows only the items, which
of them are manual and why, and which are proven by a timing (`measured`)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from acceptance.contract import DATA

CHECKLIST = DATA / "checklist.toml"
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ITEM_KEYS = {"id", "text", "manual", "measured", "automated"}


@dataclass(frozen=True)
class ChecklistItem:
    id: str  # short and stable, e.g. step1-indexes: marks, --item and the report name the item by it
    section: str
    text: str
    manual: str | None = None  # why only a person can confirm it
    measured: bool = False  # proven by a timing: a skipped test means the measurement did not happen

    @property
    def key(self) -> str:
        return f"{self.section} - {self.text}"

    @property
    def title(self) -> str:
        """How a failure names the item: its id and its words."""
        return f"[{self.id}] {self.key}"


class ChecklistError(ValueError):
    """contract/checklist.toml is malformed, or a test names an item it does not hold."""


def load_checklist(path: Path = CHECKLIST) -> list[ChecklistItem]:
    """The checklist's items in order; an item takes its section's `manual` reason unless it is `automated`."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    items: list[ChecklistItem] = []
    for section in data["section"]:
        for raw in section["item"]:
            where = f"{path.name}: {section['name']} - {raw.get('text')}"
            if unknown := set(raw) - ITEM_KEYS:
                raise ChecklistError(f"{where}: unknown keys {sorted(unknown)}")
            if not ID.fullmatch(raw.get("id", "")) or "text" not in raw:
                raise ChecklistError(f"{where}: needs a text and an id of lower-case words joined by '-'")
            manual = raw.get("manual") or (None if raw.get("automated") else section.get("manual"))
            if manual and raw.get("automated"):
                raise ChecklistError(f"{where}: manual and automated at once")
            items.append(ChecklistItem(raw["id"], section["name"], raw["text"], manual, bool(raw.get("measured"))))
    seen: set[str] = set()
    if twice := sorted({i.id for i in items if i.id in seen or seen.add(i.id)}):
        raise ChecklistError(f"{path.name}: ids used twice: {twice}")
    return items


def by_id(items: list[ChecklistItem]) -> dict[str, ChecklistItem]:
    return {item.id: item for item in items}


def unknown_ids(items: list[ChecklistItem], named: set[str]) -> list[str]:
    """The ids a test names that the checklist does not hold."""
    return sorted(named - set(by_id(items)))


def manual_named(items: list[ChecklistItem], named: set[str]) -> list[str]:
    """Manual items a test claims to prove: either the test or the checklist is wrong."""
    return sorted(i.id for i in items if i.manual and i.id in named)
