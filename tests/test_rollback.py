"""Rollback Plan: the rollback scripts, run in reverse order, remove exactly what 003-006 created."""

from __future__ import annotations

import psycopg
import pytest

from acceptance import catalog, contract, diff, sqlfiles
from acceptance.target import janitor

pytestmark = [pytest.mark.rollback, pytest.mark.commits, pytest.mark.checklist("rollback-tested")]

CHECKLIST = contract.schema()["checklist"]
TABLES = contract.schema()["tables"]
MIGRATIONS = {p.name: p for p in sqlfiles.migration_files()}
ROLLBACKS = [sqlfiles.ROLLBACK / name for name in CHECKLIST["rollback_order"]]
BASELINE = [MIGRATIONS["001_create_tenants_table.sql"], MIGRATIONS["002_create_users_table.sql"]]
DEPLOYED = [MIGRATIONS[name] for name in CHECKLIST["migration_order"]]


def apply(conninfo: str, paths) -> None:
    for path in paths:
        sqlfiles.apply_file(conninfo, path)


@pytest.fixture
def scratch(target, supabase_defaults):
    """An empty database on the target's server, with the Supabase layer and the baseline 001-002."""
    name = f"{target.dbname}_rollback_scratch"
    with janitor(target.conninfo, name):
        conninfo = target.conninfo_for(name)
        apply(conninfo, [*sqlfiles.supabase_files(supabase_defaults), *BASELINE])
        yield conninfo


@pytest.mark.checklist(
    "rollback-003", "rollback-004", "rollback-005", "rollback-006", "rollback-reverse-order", "rollback-tables-removed"
)
def test_up_down_up(scratch):
    """After 003-006 and the seed, rollback_006..003 restore the baseline catalog and keep every tenant and user;
    applying 003-006 again gives the same catalog as the first time."""
    baseline = catalog.fingerprint(scratch)
    apply(scratch, [*DEPLOYED, sqlfiles.SEED])
    deployed, rows = catalog.fingerprint(scratch), catalog.baseline_rows(scratch)
    apply(scratch, ROLLBACKS)
    diff.same_set(catalog.fingerprint(scratch), baseline, "the baseline before 003", "objects after the rollbacks")
    kept = catalog.baseline_rows(scratch)
    diff.same_mapping(
        kept, rows, "the baseline rows before 003", "tenants and users (count, checksum) after the rollbacks"
    )
    apply(scratch, DEPLOYED)
    diff.same_set(
        catalog.fingerprint(scratch),
        deployed,
        "the deployment before the rollbacks",
        "objects after applying 003-006 again",
    )


@pytest.mark.checklist("rollback-003", "rollback-004", "rollback-005", "rollback-006")
def test_rollbacks_twice_are_harmless(scratch):
    """Running the rollback scripts a second time succeeds and changes nothing."""
    baseline = catalog.fingerprint(scratch)
    apply(scratch, [*DEPLOYED, *ROLLBACKS, *ROLLBACKS])
    diff.same_set(
        catalog.fingerprint(scratch), baseline, "the baseline before 003", "objects after the rollbacks ran twice"
    )


OUT_OF_ORDER = contract.load("lifecycle")["out_of_order_rollback"]


@pytest.mark.checklist("rollback-reverse-order")
@pytest.mark.parametrize("case", OUT_OF_ORDER, ids=[f"{c['run']}-while-{c['still_applied']}" for c in OUT_OF_ORDER])
def test_out_of_order_rollback_fails_and_changes_nothing(scratch, case):
    """A rollback run while a migration that depends on it is in place fails (no CASCADE) and changes nothing."""
    apply(scratch, DEPLOYED)
    apply(scratch, [sqlfiles.ROLLBACK / name for name in case["after"]])
    before = catalog.fingerprint(scratch)
    with pytest.raises(psycopg.errors.DependentObjectsStillExist):
        sqlfiles.apply_file(scratch, sqlfiles.ROLLBACK / case["run"])
    diff.same_set(
        catalog.fingerprint(scratch),
        before,
        f"lifecycle.toml [[out_of_order_rollback]] {case['run']}",
        "objects after the failure",
    )


@pytest.mark.checklist("rollback-tables-removed")
def test_tables_removed(scratch):
    """Verify tables removed: none of the four tables exists after the rollbacks."""
    apply(scratch, [*DEPLOYED, *ROLLBACKS])
    with psycopg.connect(scratch, autocommit=True) as conn:
        left = [t for t in TABLES if conn.execute("select to_regclass(%s)", (f"public.{t}",)).fetchone()[0]]
    assert not left, f"Rollback Plan - Verify tables removed: {left} still exist"
