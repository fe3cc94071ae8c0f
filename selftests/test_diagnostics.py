"""The text of the suite's set diagnostics is part of its interface, as pgTAP pins its `_are()` output: a refactor
must not quietly make a failure unreadable."""

from __future__ import annotations

import pytest

from acceptance import diff


def test_same_set_names_the_source_then_extra_then_missing():
    """Extra and Missing are listed sorted, one per line, after the contract key and what was compared (the
    checklist item comes before all of it, from the test's mark)."""
    with pytest.raises(AssertionError) as caught:
        diff.same_set({"b", "a"}, {"a", "c", "d"}, "schema.toml [tables.conversations] indexes", "indexes")
    assert str(caught.value) == (
        "schema.toml [tables.conversations] indexes: indexes differ from the contract\n"
        "    Extra:   b\n"
        "    Missing: c\n"
        "    Missing: d"
    )


def test_same_set_says_once_what_each_side_means():
    """With consequences, each side that differs is explained once, after its rows; a side that agrees is not."""
    with pytest.raises(AssertionError) as caught:
        diff.same_set({"anon SELECT"}, set(), "privileges.toml", "grants", {"Extra": "wider", "Missing": "narrower"})
    assert str(caught.value) == (
        "privileges.toml: grants differ from the contract\n    Extra:   anon SELECT\n    Extra means: wider"
    )


def test_same_mapping_lists_changed_values_with_both_sides():
    """A key whose value differs shows the expected and the found value."""
    with pytest.raises(AssertionError) as caught:
        diff.same_mapping({"k": 1, "x": 2}, {"k": 3}, "Item", "columns")
    assert str(caught.value) == (
        "Item: columns differ from the contract\n    Extra:   x = 2\n    Changed: k: expected 3, found 1"
    )
