"""Rollback Plan: the rollback scripts, run in reverse order, remove exactly what 003-006 created."""

from __future__ import annotations

import psycopg
import pytest

from acceptance import catalog, contract, diff, sqlfiles

pytestmark = [pytest.mark.rollback, pytest.mark.commits, pytest.mark.checklist("rollback-tested")]

CHECKLIST = contract.schema()["checklist"]
TABLES = contract.schema()["tables"]
MIGRATIONS = {p.name: p for p in sqlfiles.migration_files()}
ROLLBACKS = [sqlfiles.ROLLBACK / name for name in CHECKLIST["rollback_order"]]
DEPLOYED = [MIGRATIONS[name] for name in CHECKLIST["migration_order"]]


def apply(conninfo: str, paths) -> None:
    for path in paths:
        sqlfiles.apply_file(conninfo, path)


@pytest.mark.checklist(
    "rollback-003", "rollback-004", "rollback-005", "rollback-006", "rollback-reverse-order", "rollback-tables-removed"
)
def test_up_down_up(baseline_db):
    """After 003-006 and the seed, rollback_006..003 restore the baseline catalog and keep every tenant and user;
    applying 003-006 again gives the same catalog as the first time."""
    baseline = catalog.fingerprint(baseline_db)
    apply(baseline_db, [*DEPLOYED, sqlfiles.SEED])
    deployed, rows = catalog.fingerprint(baseline_db), catalog.baseline_rows(baseline_db)
    apply(baseline_db, ROLLBACKS)
    diff.same_set(catalog.fingerprint(baseline_db), baseline, "the baseline before 003", "objects after the rollbacks")
    kept = catalog.baseline_rows(baseline_db)
    diff.same_mapping(
        kept, rows, "the baseline rows before 003", "tenants and users (count, checksum) after the rollbacks"
    )
    apply(baseline_db, DEPLOYED)
    diff.same_set(
        catalog.fingerprint(baseline_db),
        deployed,
        "the deployment before the rollbacks",
        "objects after applying 003-006 again",
    )


@pytest.mark.checklist("rollback-003", "rollback-004", "rollback-005", "rollback-006")
def test_rollbacks_twice_are_harmless(baseline_db):
    """Running the rollback scripts a second time succeeds and changes nothing."""
    baseline = catalog.fingerprint(baseline_db)
    apply(baseline_db, [*DEPLOYED, *ROLLBACKS, *ROLLBACKS])
    diff.same_set(
        catalog.fingerprint(baseline_db), baseline, "the baseline before 003", "objects after the rollbacks ran twice"
    )


OUT_OF_ORDER = contract.load("lifecycle")["out_of_order_rollback"]


@pytest.mark.checklist("rollback-reverse-order")
@pytest.mark.parametrize("case", OUT_OF_ORDER, ids=[f"{c['run']}-while-{c['still_applied']}" for c in OUT_OF_ORDER])
def test_out_of_order_rollback_fails_and_changes_nothing(baseline_db, case):
    """A rollback run while a migration that depends on it is in place fails (no CASCADE) and changes nothing."""
    apply(baseline_db, DEPLOYED)
    apply(baseline_db, [sqlfiles.ROLLBACK / name for name in case["after"]])
    before = catalog.fingerprint(baseline_db)
    with pytest.raises(psycopg.errors.DependentObjectsStillExist):
        sqlfiles.apply_file(baseline_db, sqlfiles.ROLLBACK / case["run"])
    diff.same_set(
        catalog.fingerprint(baseline_db),
        before,
        f"lifecycle.toml [[out_of_order_rollback]] {case['run']}",
        "objects after the failure",
    )


@pytest.mark.checklist("rollback-tables-removed")
def test_tables_removed(baseline_db):
    """Verify tables removed: none of the four tables exists after the rollbacks."""
    apply(baseline_db, [*DEPLOYED, *ROLLBACKS])
    with psycopg.connect(baseline_db, autocommit=True) as conn:
        left = [t for t in TABLES if conn.execute("select to_regclass(%s)", (f"public.{t}",)).fetchone()[0]]
    assert not left, f"Rollback Plan - Verify tables removed: {left} still exist"
