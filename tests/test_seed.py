"""Optional: Seed Test Data. The seed has the checklist's counts, stays inside its tenants, and cleans up."""

from __future__ import annotations

import pytest

from acceptance import contract, diff, sqlfiles
from acceptance.errors import refused
from acceptance.identities import resolve

pytestmark = [pytest.mark.seed, pytest.mark.usefixtures("seeded")]

SEED = contract.load("seed")
CLEAN_UP = "DELETE FROM tenants WHERE slug LIKE 'test-%'"  # the checklist's statement, verbatim


def counts(db) -> dict[str, int]:
    return dict(db.execute(sqlfiles.query("seed", "table_counts")).fetchall())


@pytest.mark.checklist(
    "seed-conversations",
    "seed-execute",
    "seed-feedback",
    "seed-messages",
    "seed-tenants",
    "seed-usage",
    "seed-users",
    "seed-verify",
)
def test_seed_counts_match_checklist(db):
    """Verify test data created: 3 tenants, 6 users, 7 conversations, 14 messages, 7 feedback, 11 usage rows."""
    seeded = dict(db.execute(sqlfiles.query("seed", "seeded_counts")).fetchall())
    diff.same_mapping(seeded, SEED["counts"], "seed.toml [counts]", "seeded rows per table")


@pytest.mark.checklist("seed-verify")
def test_references_stay_inside_tenants(db):
    """No seeded row points at another tenant's row."""
    leaks = db.execute(sqlfiles.query("seed", "cross_tenant_references")).fetchall()
    assert not leaks, f"rows referencing another tenant: {leaks}"


@pytest.mark.checklist("seed-queries")
@pytest.mark.parametrize("sample", list(SEED["samples"]))
def test_sample_query(db, sample):
    """Run sample queries against test data: each returns its expected rows."""
    found = {slug: value for slug, value in db.execute(sqlfiles.query("seed", sample)).fetchall()}
    diff.same_mapping(found, SEED["samples"][sample], f"seed.toml [samples.{sample}]", "rows")


@pytest.mark.checklist("seed-cleanup")
@pytest.mark.writes
def test_clean_up_removes_all_test_data_and_only_it(db):
    """The checklist's clean-up removes every seeded row from every table and keeps a real tenant's rows."""
    db.execute(sqlfiles.query("seed", "non_test_tenant"))
    before = counts(db)
    db.execute(CLEAN_UP)
    after = counts(db)
    expected = {t: before[t] - n for t, n in SEED["counts"].items()}
    diff.same_mapping(after, expected, "the seed's clean-up", "rows left per table")
    kept = db.execute("select count(*) from messages where id = %s", (resolve("@kept_message"),)).fetchone()[0]
    assert kept == 1, "a non-test tenant's message was deleted"


@pytest.mark.checklist("seed-execute")
@pytest.mark.writes
def test_seeding_twice_fails_cleanly(db):
    """Seeding an already seeded database fails on its first fixed id and leaves nothing half-done."""
    before = counts(db)
    failure = SEED["second_seeding"]
    with refused(db, failure["sqlstate"], failure["constraint"], context="seed_test_data.sql twice"):
        sqlfiles.run_in_transaction(db, sqlfiles.SEED)
    assert counts(db) == before, "a failed second seeding left rows behind"
