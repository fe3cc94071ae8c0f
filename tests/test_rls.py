"""RLS Policy Testing: every actor x command x object of the access matrix, as Supabase's API runs them;
cross-tenant writes; cross-tenant isolation of the seed; the impersonation forms; zero policy violations.

The matrix and the cases are data (contract/access_matrix.toml); the statements are in sql/queries/rls/.
The loosenings this module must catch are in selftests/mutations/rls.toml (run by selftests/test_mutations.py).
"""

from __future__ import annotations

import json

import pytest
from psycopg import sql

from acceptance import catalog, contract, diff
from acceptance.impersonation import Actor, Request, acting_as
from acceptance.rls import (
    MATRIX,
    WRITES,
    Cell,
    case_params,
    case_request,
    cell_params,
    cells,
    check,
    outcome,
    player,
    query,
    resolve,
    visible,
)

pytestmark = [pytest.mark.rls, pytest.mark.usefixtures("seeded")]

CELLS = cells()
PROVES = MATRIX["checklist"]
SEEDED_USERS = [name for name, spec in contract.load("actors")["actors"].items() if spec.get("tenant")]


def _writes(command: str) -> list[pytest.MarkDecorator]:
    return [pytest.mark.writes] if command in WRITES else []


# --- the access matrix ------------------------------------------------------------------------------------


def test_access_matrix_is_complete(db):
    """Every exposed relation and function, and every helper a policy calls, has a row for each of its commands
    and an outcome for each of the six actors."""
    order = MATRIX["matrix"]
    covered = {spec.get("name", f"public.{name}") for name, spec in MATRIX["objects"].items()}
    found = {
        row[0]
        for row in db.execute(
            query("matrix_objects"), {"exposed": order["exposed"], "not_ours": order["not_ours"]}
        ).fetchall()
    }
    diff.same_set(covered, found, "access_matrix.toml [objects]", "objects covered by the matrix")
    holes = [
        f"{name}-{command}-{who}"
        for name, spec in MATRIX["objects"].items()
        for command in order["commands"]
        if command in spec
        for who in order["actors"]
        if who not in spec[command]
    ]
    unknown = [
        f"{name}.{key}"
        for name, spec in MATRIX["objects"].items()
        for key in spec
        if key not in (*order["commands"], "table", "params", "name", "today")
    ]
    assert not holes and not unknown, f"access_matrix.toml: cells without an outcome {holes}; unknown keys {unknown}"


@pytest.mark.parametrize(
    "cell", [pytest.param(c, id=c.id, marks=[*_writes(c.command), pytest.mark.checklist(*c.items)]) for c in CELLS]
)
def test_access_matrix(db, prepare, cell: Cell):
    """The actor's command on the object has exactly the outcome the access matrix states, and a refused or
    filtered write changes nothing."""
    actor = player(cell.actor)
    prepare(db, cell.object)
    context = cell.context(actor)
    check(db, actor, cell.query, cell_params(cell, actor), cell.outcome, context, cell.table, request=cell.request)


# --- cross-tenant writes ------------------------------------------------------------------------------------


CROSS_TENANT = MATRIX["cross_tenant"]


def cross_tenant(case: dict):
    """A cross-tenant case proves isolation and, for an insert, update or delete, its command's policy."""
    command = case["id"].split("-")[1]
    proves = [*PROVES["cross_tenant"], *(PROVES[command] if command in ("insert", "update", "delete") else [])]
    return pytest.param(case, id=case["id"], marks=[*_writes(command), pytest.mark.checklist(*proves)])


@pytest.mark.parametrize("case", [cross_tenant(c) for c in CROSS_TENANT])
def test_cross_tenant_write_is_refused(db, cast, case):
    """Each way into another tenant is refused with its precise error and writes nothing; a forged tenant_id
    that a trigger replaces ends up in the parent's tenant."""
    actor = cast[case["actor"]]
    context = f"{actor.banner()} {case['id']}"
    params = case_params(case, actor)
    check(
        db,
        actor,
        case["query"],
        params,
        outcome(case["outcome"]),
        context,
        case.get("table"),
        request=case_request(case),
    )
    if "stored_tenant" in case:
        table, command = case["id"].split("-")[:2]
        target = params["new_id"] if command == "insert" else params["id"]
        statement = sql.SQL(query("stored_tenant")).format(table=sql.Identifier("public", table))
        stored = db.execute(statement, {"id": target}).fetchone()
        assert stored and str(stored[0]) == resolve(case["stored_tenant"]), (
            f"{context}: the row should be in tenant {case['stored_tenant']}, found {stored}"
        )


# --- cross-tenant isolation of the seed ---------------------------------------------------------------------


@pytest.mark.checklist("rls-isolation")
@pytest.mark.parametrize("relation", list(MATRIX["isolation"]))
@pytest.mark.parametrize("name", SEEDED_USERS)
def test_seeded_user_sees_exactly_own_tenant(db, prepare, cast, name, relation):
    """A seeded user sees every row of its own tenant and none of another tenant's, in each relation."""
    actor = cast[name]
    if relation in MATRIX["objects"]:
        prepare(db, relation)
    everything = visible(db, relation)
    with acting_as(db, actor, Request("GET", f"/{relation}")):
        seen = visible(db, relation)
    diff.same_set(
        seen,
        {row for row in everything if row[0] == actor.tenant_id},
        f"{actor.banner()} {relation}-select-{name}",
        f"rows of public.{relation} visible to {name} (tenant, key)",
    )


# --- impersonation: the checklist's form and the forms Supabase reads ----------------------------------------


def _checklist_select(db) -> list:
    # The checklist's own statement, unqualified, as written there.
    return db.execute("SELECT * FROM conversations").fetchall()


@pytest.mark.checklist("rls-select")
def test_checklist_set_local_jwt_claims_sub_is_ignored(db, cast):
    """The checklist's `SET LOCAL jwt.claims.sub` sets a setting auth.uid() never reads: as authenticated the
    user sees nothing, and as the database owner the query sees every tenant (RLS never applied)."""
    alice = cast["alice"]
    total = catalog.table_checksum(db, "public", "conversations")[0]
    checklist_form = sql.SQL("SET LOCAL jwt.claims.sub = {}").format(sql.Literal(alice.user))
    item = "SET LOCAL jwt.claims.sub"

    owner = Actor(name="as the checklist runs it", role=db.execute("select current_user").fetchone()[0])
    db.execute(checklist_form)
    as_owner = _checklist_select(db)
    assert len(as_owner) == total, (
        f"{owner.banner()} {item}: the table's owner should see all {total} rows (RLS not applied), saw {len(as_owner)}"
    )

    bare = Actor(name="checklist", role="authenticated")
    with acting_as(db, bare):
        db.execute(checklist_form)
        setting, uid, tenant = db.execute(
            "select current_setting('jwt.claims.sub', true), auth.uid(), private.current_tenant_id()"
        ).fetchone()
        rows = _checklist_select(db)
    assert setting == alice.user, f"{bare.banner()} {item}: the setting itself is set ({setting!r})"
    assert uid is None and tenant is None, f"{bare.banner()} {item}: auth.uid() read it: {uid}, tenant {tenant}"
    assert rows == [], f"{bare.banner()} {item}: with auth.uid() null the user must see nothing, saw {len(rows)}"


@pytest.mark.checklist("rls-select")
@pytest.mark.parametrize(
    ("setting", "value"),
    [
        pytest.param("request.jwt.claims", "json", id="request.jwt.claims"),
        pytest.param("request.jwt.claim.sub", "sub", id="request.jwt.claim.sub"),
    ],
)
def test_supabase_claim_forms_identify_the_user(db, cast, setting, value):
    """auth.uid() reads the JWT claims PostgREST sets (and the older per-claim form): the user sees exactly its
    own tenant's conversations."""
    alice = cast["alice"]
    bare = Actor(name=f"{setting} form", role="authenticated")
    expected = outcome(MATRIX["objects"]["conversations"]["select"]["owner"]).rows
    with acting_as(db, bare):
        claim = json.dumps({"sub": alice.user, "role": "authenticated"}) if value == "json" else alice.user
        db.execute("select set_config(%s, %s, true)", (setting, claim))
        uid, tenant = db.execute("select auth.uid(), private.current_tenant_id()").fetchone()
        rows = db.execute("select c.tenant_id from public.conversations c").fetchall()
    banner = f"{bare.banner()} via {setting}"
    assert str(uid) == alice.user and str(tenant) == alice.tenant_id, f"{banner}: auth.uid() {uid}, tenant {tenant}"
    assert len(rows) == expected and {str(r[0]) for r in rows} == {alice.tenant_id}, (
        f"{banner}: expected the {expected} conversations of {alice.tenant}, saw {rows}"
    )


def test_impersonation_ends_with_its_block(db, cast):
    """After an acting_as block, also one whose statement was refused, the test runs as the connecting role
    again with no JWT claims: a role set in a test cannot outlive it."""
    me = db.execute("select current_user").fetchone()[0]
    alice = cast["alice"]
    # A refusal that writes nothing, so that the test also runs on a read-only (production) target.
    case = next(c for c in CROSS_TENANT if c["query"] == "message_feedback_summary_select")
    params = case_params(case, alice)
    check(db, alice, case["query"], params, outcome(case["outcome"]), alice.banner(), request=case_request(case))
    after = db.execute("select current_user, auth.uid(), current_setting('request.jwt.claims', true)").fetchone()
    assert after[0] == me and after[1] is None and not after[2], f"{alice.banner()} outlived its block: {after}"


# --- Monitor RLS policy violations (should be zero) --------------------------------------------------------


@pytest.mark.checklist("monitor-rls-violations")
@pytest.mark.writes
@pytest.mark.parametrize("name", SEEDED_USERS)
def test_ordinary_work_raises_no_policy_violation(db, cast, name):
    """A user's ordinary work (converse, rate, record usage, edit, delete) passes every policy: zero RLS
    violations, each step affecting exactly its row."""
    actor = cast[name]
    new_ids: dict[str, str] = {}
    for step in MATRIX["workload"]:
        context = f"{actor.banner()} {step['step']}"
        params = case_params(step, actor, new_ids)
        check(db, actor, step["query"], params, outcome(step["outcome"]), context, request=case_request(step))
