"""Privileges as a contract: every grant that the API roles and PUBLIC hold on the objects of 001-006 is exactly
contract/privileges.toml, no other object grants them anything, and no API role holds TRUNCATE, TRIGGER or
REFERENCES on a relation in public. Read-only: safe on every target.
"""

from __future__ import annotations

import re

import pytest

from acceptance import contract, diff, sqlfiles
from acceptance.report.checklist import by_id, load_checklist

pytestmark = [pytest.mark.privileges, pytest.mark.rls, pytest.mark.checklist("rls-isolation")]

CONTRACT = contract.load("privileges")
OBJECTS = CONTRACT["objects"]
ITEMS = by_id(load_checklist())
WIDER = f"wider than the contract: endangers {ITEMS[CONTRACT['checklist']['extra']].title}"
# The objects sql/catalog/privileges.sql names "<kind> public.<name>" that are relations.
PUBLIC_RELATION = re.compile(r"(table|view|materialized view|sequence|foreign table) public\.")
NARROWER = f"the application's requests are refused: endangers {ITEMS[CONTRACT['checklist']['missing']].title}"


@pytest.fixture(scope="module")
def granted(session_conn) -> dict[str, set[tuple[str, str]]]:
    """(grantee, privilege) per object, as the catalog has them."""
    found: dict[str, set[tuple[str, str]]] = {}
    query = sqlfiles.catalog_query("privileges")
    for obj, grantee, privilege in session_conn.execute(query, {"grantees": CONTRACT["grantees"]}):
        found.setdefault(obj, set()).add((grantee, privilege))
    session_conn.rollback()
    return found


def _pairs(obj: str) -> set[tuple[str, str]]:
    return {(grantee, privilege) for grantee, privileges in OBJECTS[obj].items() for privilege in privileges}


def _shown(pairs) -> set[str]:
    return {f"{grantee} {privilege}" for grantee, privilege in pairs}


def _id(obj: str) -> str:
    """`table public.users` as `table:public.users`: ids without blanks, for -k and for logs."""
    kind, name = obj.replace("materialized view", "materialized_view").split(" ", 1)
    return f"{kind}:{name.replace(' ', '')}"


@pytest.mark.checklist("app-operations")
@pytest.mark.parametrize("obj", list(OBJECTS), ids=[_id(o) for o in OBJECTS])
def test_privileges_are_the_contract(granted, obj):
    """The API roles and PUBLIC hold exactly the contract's privileges on the object."""
    diff.same_set(
        _shown(granted.get(obj, set())),
        _shown(_pairs(obj)),
        f'privileges.toml [objects."{obj}"]',
        f"privileges of the API roles on {obj}",
        {"Extra": WIDER, "Missing": NARROWER},
    )


def test_no_other_object_grants_the_api_roles_anything(granted):
    """An object outside the contract (a new table, a helper, a sequence) grants the API roles nothing."""
    others = {
        f"{obj}: {grantee} {privilege}"
        for obj, pairs in granted.items()
        if obj not in OBJECTS
        for grantee, privilege in pairs
    }
    diff.same_set(others, set(), "privileges.toml", "grants on objects outside the contract", {"Extra": WIDER})


def test_no_api_role_holds_truncate_trigger_or_references(granted):
    """No API role holds TRUNCATE (not subject to RLS), TRIGGER or REFERENCES on any relation in public."""
    forbidden = {
        f"{obj}: {grantee} {privilege}"
        for obj, pairs in granted.items()
        if PUBLIC_RELATION.match(obj)
        for grantee, privilege in pairs
        if privilege in CONTRACT["forbidden"]
    }
    diff.same_set(
        forbidden, set(), "privileges.toml forbidden", "TRUNCATE, TRIGGER and REFERENCES grants", {"Extra": WIDER}
    )
