"""pgTAP-style set comparison: Extra and Missing, one per line, after where the expectation comes from (a failing
test's checklist item comes first, from its mark: plugins/checklist.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def differences(found: Iterable, expected: Iterable) -> tuple[list, list]:
    """(extra, missing) between two collections, sorted for stable messages."""
    found_set, expected_set = set(found), set(expected)
    return sorted(found_set - expected_set, key=str), sorted(expected_set - found_set, key=str)


def same_set(
    found: Iterable, expected: Iterable, source: str, what: str, consequences: Mapping[str, str] | None = None
) -> None:
    """Assert two sets are equal; on failure name `source` (the contract file and key that expects them, or who
    looked) and list Extra and Missing, and once for each side that differs, what it means where `consequences`
    says (keys "Extra" and "Missing")."""
    __tracebackhide__ = True
    extra, missing = differences(found, expected)
    if extra or missing:
        notes = consequences or {}
        lines = [f"{source}: {what} differ from the contract"]
        lines += [f"    Extra:   {x}" for x in extra]
        lines += [f"    Missing: {x}" for x in missing]
        lines += [
            f"    {side} means: {notes[side]}"
            for side, rows in (("Extra", extra), ("Missing", missing))
            if rows and side in notes
        ]
        raise AssertionError("\n".join(lines))


def same_mapping(found: Mapping, expected: Mapping, source: str, what: str) -> None:
    """Assert two mappings are equal: Extra and Missing keys, and keys whose values differ, after `source`."""
    __tracebackhide__ = True
    extra, missing = differences(found, expected)
    changed = sorted(k for k in set(found) & set(expected) if found[k] != expected[k])
    if extra or missing or changed:
        lines = [f"{source}: {what} differ from the contract"]
        lines += [f"    Extra:   {k} = {found[k]!r}" for k in extra]
        lines += [f"    Missing: {k} = {expected[k]!r}" for k in missing]
        lines += [f"    Changed: {k}: expected {expected[k]!r}, found {found[k]!r}" for k in changed]
        raise AssertionError("\n".join(lines))
