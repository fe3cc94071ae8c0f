"""Deployment Steps 1-4, Post-Deployment "Database Structure" and Code Preparation: the objects exist as specified."""

from __future__ import annotations

import pytest

from acceptance import catalog, contract, diff, sqlfiles

pytestmark = pytest.mark.structure

CONTRACT = contract.schema()
TABLES = CONTRACT["tables"]
CHECKLIST = CONTRACT["checklist"]
BASELINE = CONTRACT["baseline"]
MATVIEWS = CONTRACT["matviews"]
VIEWS = CONTRACT["views"]
FUNCTIONS = CONTRACT["functions"]

TRIGGER_ITEMS = contract.load("triggers")["items"]


def by_table(*facets: str, extra: str | None = None, tables: dict = TABLES):
    """Parametrize by table; each table's case proves its Deployment Step's `facets` (step1-indexes for facet
    "indexes" of conversations) and, with `extra`, the items its contract lists under [tables.<name>.items]."""

    def items(table: str) -> list[str]:
        spec = tables[table]
        return [f"{spec['step']}-{facet}" for facet in facets] + spec.get("items", {}).get(extra, [])

    return pytest.mark.parametrize(
        "table", [pytest.param(t, marks=pytest.mark.checklist(*items(t)), id=t) for t in tables]
    )


def columns(db, relation: str) -> dict[str, str]:
    return {
        row["name"]: row["type"] + (" not null" if row["not_null"] else "")
        for row in catalog.catalog(db, "columns", relation=relation)
    }


def relation(db, name: str) -> dict | None:
    rows = catalog.catalog(db, "relation", relation=f"public.{name}")
    return rows[0] if rows else None


# --- Code Preparation -------------------------------------------------------------------------------------


@pytest.mark.checklist("code-order")
def test_migration_files_are_in_checklist_order():
    """The migrations after the baseline are exactly the checklist's four, in its order."""
    found = [p.name for p in sqlfiles.migration_files()]
    baseline = [spec["migration"] for spec in BASELINE.values()]
    assert found == baseline + CHECKLIST["migration_order"], (
        f"Code Preparation - Confirmed migration order: expected {baseline + CHECKLIST['migration_order']}, "
        f"found {found}"
    )


@pytest.mark.checklist("code-rollbacks")
def test_every_migration_has_its_rollback_script():
    """Each of 003-006 has the rollback script the checklist's Rollback Plan names, and no other exists."""
    expected = {spec["migration"]: spec["rollback"] for spec in TABLES.values()}
    assert sorted(expected.values(), reverse=True) == CHECKLIST["rollback_order"]
    diff.same_set(
        {p.name for p in sqlfiles.rollback_files()},
        expected.values(),
        "Code Preparation - Reviewed rollback scripts",
        "files in sql/rollback",
    )


# --- Pre-Deployment: Environment Verification ------------------------------------------------------------


@pytest.mark.checklist("env-existing-tables")
@pytest.mark.parametrize(
    "table", [pytest.param(t, marks=pytest.mark.checklist(spec["item"]), id=t) for t, spec in BASELINE.items()]
)
def test_existing_table_is_present(db, table):
    """The baseline tables the migrations build on exist before deployment."""
    found = relation(db, table)
    assert found and found["kind"] == "r", f"schema.toml [baseline.{table}]: public.{table} is missing"


# --- Deployment Steps 1-4 ---------------------------------------------------------------------------------


@by_table("table")
def test_table_created(db, table):
    """The checklist's "Verify table created" query finds the table in schema public."""
    rows = db.execute(sqlfiles.catalog_query("checklist_table"), {"table": table}).fetchall()
    schemas = {row[1] for row in rows}
    assert "public" in schemas, f"schema.toml [tables.{table}]: no public.{table}"


@by_table("table")
def test_table_columns(db, table):
    """Each table has exactly the contract's columns, types and nullability."""
    diff.same_mapping(
        columns(db, f"public.{table}"), TABLES[table]["columns"], f"schema.toml [tables.{table}.columns]", "columns"
    )


# What the checklist counts per table (its items' facet): its own query and the contract's count key.
COUNTED = {"indexes": ("checklist_index_names", "index_count"), "policies": ("checklist_policy_names", "policy_count")}


@pytest.mark.parametrize(
    ("table", "counted"),
    [
        pytest.param(t, c, marks=pytest.mark.checklist(f"{spec['step']}-{c}"), id=f"{c}-{t}")
        for t, spec in TABLES.items()
        for c in COUNTED
    ],
)
def test_count_matches_checklist(db, table, counted):
    """The checklist's own index and policy queries return the numbers it states."""
    spec = TABLES[table]
    query, key = COUNTED[counted]
    found = sorted(r[0] for r in db.execute(sqlfiles.catalog_query(query), {"table": table}))
    assert len(found) == spec[key], f"schema.toml [tables.{table}] {key} = {spec[key]}: found {len(found)}: {found}"


@by_table("indexes")
def test_indexes_by_name(db, table):
    """Each table has exactly the contract's indexes, by name."""
    spec = TABLES[table]
    found = {row["name"] for row in catalog.catalog(db, "indexes", schema="public", table=table)}
    diff.same_set(
        found,
        spec["indexes"],
        f"schema.toml [tables.{table}] indexes",
        f"indexes on public.{table}",
    )


@pytest.mark.checklist("structure-indexes")
def test_index_total_matches_checklist(db):
    """Database Structure: the four tables have 24 indexes in all, counted the checklist's way."""
    counts = {
        table: len(db.execute(sqlfiles.catalog_query("checklist_index_names"), {"table": table}).fetchall())
        for table in TABLES
    }
    assert sum(counts.values()) == CHECKLIST["index_total"], (
        f"schema.toml [checklist] index_total = {CHECKLIST['index_total']}: found {sum(counts.values())} ({counts})"
    )


@pytest.mark.parametrize(
    "table",
    [pytest.param(t, marks=pytest.mark.checklist(f"{spec['step']}-rls"), id=t) for t, spec in TABLES.items()]
    + list(BASELINE),
)
def test_rls_enabled(db, table):
    """The checklist's "Verify RLS enabled" query shows relrowsecurity for every tenant table."""
    rows = db.execute(sqlfiles.catalog_query("checklist_rls"), {"table": table}).fetchall()
    assert rows, f"no relation named {table}"
    assert all(enabled for _, enabled in rows), f"RLS is off on public.{table}"


@by_table("policies")
def test_policies_by_name_command_and_role(db, table):
    """Each policy exists with its command, is permissive, and applies to exactly the contract's roles."""
    spec = TABLES[table]
    found = {
        row["name"]: {"command": row["command"], "roles": sorted(row["roles"])}
        for row in catalog.catalog(db, "policies", schema="public", table=table)
        if row["permissive"] == "PERMISSIVE"
    }
    expected = {name: {"command": p["command"], "roles": sorted(p["roles"])} for name, p in spec["policies"].items()}
    diff.same_mapping(
        found,
        expected,
        f"schema.toml [tables.{table}.policies]",
        f"permissive policies on public.{table}",
    )


def trigger_items(table: str) -> list[str]:
    """What a table's triggers prove: all triggers functional, and the step items of its triggers (triggers.toml)."""
    return ["structure-triggers", *(i for trigger in TABLES[table]["triggers"] for i in TRIGGER_ITEMS.get(trigger, []))]


@pytest.mark.parametrize(
    "table", [pytest.param(t, marks=pytest.mark.checklist(*trigger_items(t)), id=t) for t in TABLES]
)
def test_triggers(db, table):
    """Each table has exactly the contract's triggers, enabled, with their timing, events, columns and function."""
    diff.same_mapping(
        catalog.triggers(db, table),
        TABLES[table]["triggers"],
        f"schema.toml [tables.{table}.triggers]",
        f"enabled triggers on public.{table}",
    )


def _constraints(db, table: str, kind: str) -> list[dict]:
    return [
        row
        for row in catalog.catalog(db, "constraints", relation=f"public.{table}")
        if row["kind"] == kind and row["validated"]
    ]


@pytest.mark.checklist("structure-foreign-keys")
@by_table(extra="foreign_keys")
def test_foreign_keys(db, table):
    """Each foreign key has its columns, target, ON DELETE action and match type (Database Structure)."""
    spec = TABLES[table]
    found = {
        row["name"]: {
            "columns": row["columns"],
            "references": row["references_table"],
            "references_columns": row["references_columns"],
            "on_delete": row["on_delete"],
            "match": row["match"],
        }
        for row in _constraints(db, table, "f")
    }
    diff.same_mapping(
        found, spec["foreign_keys"], f"schema.toml [tables.{table}.foreign_keys]", f"foreign keys of public.{table}"
    )


@pytest.mark.checklist("integrity-checks")
@by_table()
def test_check_constraints(db, table):
    """Each table has exactly the contract's CHECK constraints, by name."""
    spec = TABLES[table]
    diff.same_set(
        {row["name"] for row in _constraints(db, table, "c")},
        spec["checks"],
        f"schema.toml [tables.{table}] checks",
        f"CHECK constraints of public.{table}",
    )


@by_table(extra="unique")
def test_primary_and_unique_constraints(db, table):
    """Primary keys and UNIQUE constraints match the contract, including feedback (message_id, user_id)."""
    spec = TABLES[table]
    found = {row["name"]: row["columns"] for row in _constraints(db, table, "p") + _constraints(db, table, "u")}
    diff.same_mapping(
        found,
        spec["unique"],
        f"schema.toml [tables.{table}.unique]",
        f"primary key and unique constraints of public.{table}",
    )


@pytest.mark.checklist("structure-tables")
def test_all_four_tables_created(db):
    """Database Structure: all 4 tables created successfully."""
    found = {name for name in TABLES if (rel := relation(db, name)) and rel["kind"] == "r"}
    diff.same_set(found, TABLES, "schema.toml [tables]", "tables")


def has_columns(db, name: str, kind: str, spec: dict, item: str) -> dict:
    """public.`name` is a relation of `kind` (m, v) with exactly the contract's columns; its catalog row."""
    rel = relation(db, name)
    assert rel and rel["kind"] == kind, f"{item}: public.{name} is not of relkind {kind} ({rel})"
    diff.same_mapping(columns(db, f"public.{name}"), spec["columns"], item, f"columns of {name}")
    return rel


@pytest.mark.checklist("structure-views")
@pytest.mark.parametrize(
    "matview",
    [
        pytest.param(m, marks=pytest.mark.checklist(f"{spec['step']}-matview", *spec.get("items", [])), id=m)
        for m, spec in MATVIEWS.items()
    ],
)
def test_materialized_view_created(db, matview):
    """The materialized view exists with its columns and the unique index REFRESH CONCURRENTLY needs."""
    spec = MATVIEWS[matview]
    item = f"schema.toml [matviews.{matview}]"
    has_columns(db, matview, "m", spec, item)
    unique = {
        row["name"]: row["definition"].split("(", 1)[1].rstrip(")").split(", ")
        for row in catalog.catalog(db, "indexes", schema="public", table=matview)
        if row["is_unique"] and " WHERE " not in row["definition"]
    }
    wanted = spec["unique_index"]
    assert unique.get(wanted["name"]) == wanted["columns"], (
        f"{item}: REFRESH ... CONCURRENTLY needs unique index {wanted['name']} on {wanted['columns']}; "
        f"found unique indexes {unique}"
    )


@pytest.mark.checklist("step4-view", "structure-views")
@pytest.mark.parametrize("view", list(VIEWS))
def test_view_created(db, view):
    """The view exists, with its columns, and runs with the caller's rights (security_invoker)."""
    spec = VIEWS[view]
    item = f"schema.toml [views.{view}]"
    rel = has_columns(db, view, "v", spec, item)
    invoker = any(opt in ("security_invoker=true", "security_invoker=on") for opt in rel["options"])
    assert invoker == spec["security_invoker"], (
        f"{item}: security_invoker should be {spec['security_invoker']}, options {rel['options']}"
    )


@pytest.mark.checklist("step4-function")
@pytest.mark.parametrize("function", list(FUNCTIONS))
def test_function_signature(db, function):
    """The function exists once with its arguments, result, security and fixed search_path."""
    spec = FUNCTIONS[function]
    item = f"schema.toml [functions.{function}]"
    found = catalog.catalog(db, "function", schema=spec["schema"], name=function)
    assert len(found) == 1, f"{item}: expected one {spec['schema']}.{function}, found {len(found)}"
    diff.same_mapping(
        {k: found[0][k] for k in ("arguments", "returns", "security_definer", "config")},
        {k: spec[k] for k in ("arguments", "returns", "security_definer", "config")},
        item,
        f"{spec['schema']}.{function}",
    )
