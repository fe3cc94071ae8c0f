"""The structure module turns red, naming the object, when any one index, RLS switch or policy is gone."""

from __future__ import annotations

import pytest

from acceptance import contract

TABLES = contract.schema()["tables"]


def _drop_index(table: str, index: str) -> str:
    if index in TABLES[table]["unique"]:
        # A constraint's index goes with the constraint; CASCADE takes a foreign key that relies on it.
        return f"alter table public.{table} drop constraint {index} cascade"
    return f"drop index public.{index}"


CASES = (
    [
        pytest.param(_drop_index(table, index), index, id=f"drop-index-{index}")
        for table, spec in TABLES.items()
        for index in spec["indexes"]
    ]
    + [
        pytest.param(f"alter table public.{table} disable row level security", table, id=f"rls-off-{table}")
        for table in [*TABLES, *contract.schema()["baseline"]]
    ]
    + [
        pytest.param(f"drop policy {policy} on public.{table}", policy, id=f"drop-policy-{policy}")
        for table, spec in TABLES.items()
        for policy in spec["policies"]
    ]
)


def test_unmutated_schema_passes(mutant, warm_suite, section_files):
    """The baseline: the structure module is green on the migrated schema, so red below means the mutation."""
    with mutant("select 1") as dsn:
        result = warm_suite("-m", "structure", *section_files("structure"), "--dsn", dsn)
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.parametrize(("change", "name"), CASES)
def test_structure_catches(mutant, warm_suite, section_files, change, name):
    """A single removed object fails the structure module with a message that names it."""
    with mutant(change) as dsn:
        result = warm_suite("-m", "structure", *section_files("structure"), "--dsn", dsn)
    assert result.returncode == 1, f"{change}: expected failures, got exit {result.returncode}\n{result.stdout[-2000:]}"
    failures = [line for line in result.stdout.splitlines() if line.startswith("E ")]
    assert any(name in line for line in failures), f"{change}: no failure names {name}:\n" + "\n".join(failures)
