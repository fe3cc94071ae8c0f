"""Data Integrity: foreign keys, CHECK, UNIQUE and NOT NULL refuse what they must, and only that."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st
from psycopg import sql

from fixtures import expect
from fixtures.errors import refused

pytestmark = [pytest.mark.constraints, pytest.mark.writes, pytest.mark.usefixtures("seeded")]

CASES = expect.load("constraints")
VALUES = CASES["values"]


def params(case: dict) -> dict:
    """The case's parameters: seeded names resolved, "@random_uuid" a UUID that exists nowhere."""
    given_params = case.get("params", {name: name for name in VALUES})
    return {k: str(uuid.uuid4()) if v == "@random_uuid" else VALUES.get(v, v) for k, v in given_params.items()}


def count(db, table: str) -> int:
    return db.execute(sql.SQL("select count(*) from {}").format(sql.Identifier(table))).fetchone()[0]


def assert_refused(db, case: dict, item: str) -> None:
    before = count(db, case["table"])
    with refused(db, case["sqlstate"], case.get("constraint"), context=item, column=case.get("column")):
        db.execute(case["sql"], params(case))
    assert count(db, case["table"]) == before, f"{item}: a refused row was written to {case['table']}"


@pytest.mark.parametrize("case", CASES["checklist"], ids=[c["name"] for c in CASES["checklist"]])
def test_checklist_statement_fails(db, case):
    """The checklist's Data Integrity statement fails with the exact SQLSTATE and constraint, writing nothing."""
    assert_refused(db, case, f"{case['item']} ({case['name']})")


@pytest.mark.parametrize("case", CASES["refused"], ids=[c["name"] for c in CASES["refused"]])
def test_violating_row_is_refused(db, case):
    """A row that breaks one rule is refused with that rule's SQLSTATE and name, and nothing is written."""
    assert_refused(db, case, f"Data Integrity - {case.get('constraint') or 'NOT NULL ' + case['column']}")


@pytest.mark.parametrize("case", CASES["accepted"], ids=[c["name"] for c in CASES["accepted"]])
def test_boundary_row_is_accepted(db, case):
    """The row that just satisfies the rules is written."""
    before = count(db, case["table"])
    db.execute(case["sql"], params(case))
    assert count(db, case["table"]) == before + 1, f"Data Integrity - boundary row {case['name']} was not written"


@given(rating=st.integers(min_value=-3, max_value=8), role=st.sampled_from(["user", "assistant", "admin", "", "USER"]))
def test_generated_feedback_and_messages(session_conn, rating, role):
    """Generated ratings and roles: valid ones are written, invalid ones refused by their CHECK, nothing partial."""
    db = session_conn
    try:
        ok_rating, ok_role = 1 <= rating <= 5, role in ("user", "assistant", "system", "tool")
        statement = "insert into feedback (message_id, user_id, rating) values (%(message)s, %(bob)s, %(rating)s)"
        if ok_rating:
            db.execute(statement, {**VALUES, "rating": rating})
        else:
            with refused(db, "23514", "feedback_rating_check", context=f"rating {rating}"):
                db.execute(statement, {**VALUES, "rating": rating})
        statement = "insert into messages (conversation_id, role, content) values (%(conversation)s, %(role)s, 'x')"
        before = count(db, "messages")
        if ok_role:
            db.execute(statement, {**VALUES, "role": role})
        else:
            with refused(db, "23514", "messages_role_check", context=f"role {role!r}"):
                db.execute(statement, {**VALUES, "role": role})
        assert count(db, "messages") == before + ok_role
    finally:
        db.rollback()
