"""The expectation files agree with themselves and with the checklist's numbers."""

from __future__ import annotations

from collections import defaultdict

from acceptance import catalog, contract, identities, sqlfiles

CONTRACT = contract.schema()
TABLES = CONTRACT["tables"]


def test_index_lists_match_the_checklist_counts():
    """Each table lists as many indexes as the checklist counts, 24 in all."""
    assert {t: len(spec["indexes"]) for t, spec in TABLES.items()} == {
        t: spec["index_count"] for t, spec in TABLES.items()
    }
    assert [spec["index_count"] for spec in TABLES.values()] == [6, 6, 5, 7]
    assert sum(spec["index_count"] for spec in TABLES.values()) == CONTRACT["checklist"]["index_total"] == 24


def test_policy_lists_match_the_checklist_counts():
    """Each table lists as many policies as the checklist counts (4/4/4/3)."""
    assert [len(spec["policies"]) for spec in TABLES.values()] == [spec["policy_count"] for spec in TABLES.values()]
    assert [spec["policy_count"] for spec in TABLES.values()] == [4, 4, 4, 3]


def test_unique_constraints_are_among_the_indexes():
    """Every primary key and unique constraint is one of the table's counted indexes."""
    for spec in TABLES.values():
        assert set(spec["unique"]) <= set(spec["indexes"])


def test_every_check_has_an_exact_domain():
    """Every CHECK the contract lists has its domain in constraints.toml [domains], on its table, and no other."""
    domains = contract.load("constraints")["domains"]
    listed = {(table, name) for table, spec in TABLES.items() for name in spec["checks"]}
    described = {(spec["table"], name) for name, spec in domains.items() if spec["table"] in TABLES}
    assert described == listed
    assert {spec["table"] for spec in domains.values()} <= set(TABLES) | set(CONTRACT["baseline"])


def test_every_trigger_path_is_exercised():
    """triggers.toml exercises each trigger of the contract on each of its paths (every event; for UPDATE each
    column it is limited to, or each column a user may change), and no other."""
    behaviour = contract.load("triggers")
    exercised = defaultdict(set)
    for trigger, spec in behaviour["updated_at"].items():
        exercised[trigger] |= {f"UPDATE OF {column}" for column in spec["changes"]}
    for case in behaviour["tenant_from_parent"] + behaviour["touch_parent"]:
        exercised[case["trigger"]].add(case["path"])
    expected = {}
    for spec in TABLES.values():
        changeable = [column for column in spec["columns"] if column not in behaviour["unchangeable"]]
        for name, trigger in spec["triggers"].items():
            expected[name] = set(catalog.trigger_paths(trigger, changeable))
    assert dict(exercised) == expected
    assert set(behaviour["items"]) <= set(expected), "triggers.toml [items] names a trigger the contract lacks"


def test_referenced_files_exist():
    """Every migration and rollback the contract names is a file in sql/."""
    for spec in [*TABLES.values(), *CONTRACT["baseline"].values()]:
        assert (sqlfiles.MIGRATIONS / spec["migration"]).is_file()
    for spec in TABLES.values():
        assert (sqlfiles.ROLLBACK / spec["rollback"]).is_file()


def test_actors_name_known_tenants():
    """Every actor's tenant is one of the seeded tenants."""
    tenants = contract.load("identities")["seeded"]["tenants"]
    for actor in contract.load("actors")["actors"].values():
        assert actor.get("tenant") is None or identities.name_of(actor["tenant"]) in tenants
