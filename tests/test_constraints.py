"""Data Integrity: foreign keys, CHECK, UNIQUE and NOT NULL refuse what they must, and only that; each CHECK's
domain is exactly the contract's."""

from __future__ import annotations

from decimal import Decimal

import psycopg
import pytest
from hypothesis import given
from hypothesis import strategies as st
from psycopg import sql

from acceptance import catalog, contract, diff, domains, identities, sqlfiles
from acceptance.errors import refused

pytestmark = [pytest.mark.constraints, pytest.mark.usefixtures("seeded")]

CASES = contract.load("constraints")
NAMED = identities.names()  # a statement without params may use any of them
DOMAINS = CASES["domains"]
FOREIGN_KEY = "23503"  # foreign_key_violation


def params(case: dict) -> dict:
    """The case's parameters, references resolved; without `params`, every named identity."""
    return identities.resolve(case["params"]) if "params" in case else NAMED


def count(db, table: str) -> int:
    return db.execute(sql.SQL("select count(*) from {}").format(sql.Identifier(table))).fetchone()[0]


def assert_refused(db, case: dict, item: str) -> None:
    __tracebackhide__ = True
    before = count(db, case["table"])
    with refused(db, case["sqlstate"], case.get("constraint"), context=item, column=case.get("column")):
        db.execute(case["sql"], params(case))
    assert count(db, case["table"]) == before, f"{item}: a refused row was written to {case['table']}"


@pytest.mark.writes
@pytest.mark.parametrize(
    "case", [pytest.param(c, marks=pytest.mark.checklist(*c["items"]), id=c["name"]) for c in CASES["checklist"]]
)
def test_checklist_statement_fails(db, case):
    """The checklist's Data Integrity statement fails with the exact SQLSTATE and constraint, writing nothing."""
    assert_refused(db, case, f"constraints.toml [[checklist]] {case['name']}")


def refusal(case: dict):
    """Every refused row tests a rule; one refused by a foreign key also shows the foreign keys working."""
    foreign_key = ("integrity-foreign-keys", "structure-foreign-keys") if case["sqlstate"] == FOREIGN_KEY else ()
    return pytest.param(case, marks=pytest.mark.checklist("integrity-checks", *foreign_key), id=case["name"])


@pytest.mark.writes
@pytest.mark.parametrize("case", [refusal(c) for c in CASES["refused"]])
def test_violating_row_is_refused(db, case):
    """A row that breaks one rule is refused with that rule's SQLSTATE and name, and nothing is written."""
    assert_refused(db, case, f"constraints.toml [[refused]] {case['name']}")


@pytest.mark.checklist("integrity-checks")
@pytest.mark.writes
@pytest.mark.parametrize("case", CASES["accepted"], ids=[c["name"] for c in CASES["accepted"]])
def test_boundary_row_is_accepted(db, case):
    """The row that just satisfies the rules is written."""
    before = count(db, case["table"])
    db.execute(case["sql"], params(case))
    assert count(db, case["table"]) == before + 1, f"boundary row {case['name']} was not written"


# --- exact domains -------------------------------------------------------------------------------------------

COLUMN_TYPES = {table: spec["columns"] for table, spec in contract.schema()["tables"].items()}


def domain_probes(allowed: bool) -> list[tuple[str, domains.Probe]]:
    """(constraint, probe) for every probe of every domain that the contract allows, or refuses."""
    return [
        (name, probe)
        for name, spec in DOMAINS.items()
        for probe in domains.probes(spec, COLUMN_TYPES.get(spec["table"], {}).get(spec["column"]))
        if probe.allowed == allowed
    ]


ALLOWED, NEAR_MISSES = domain_probes(True), domain_probes(False)


def write_probe(db, name: str, value) -> int:
    """Write `value` into the domain's column of one seeded row; the number of rows written."""
    spec = DOMAINS[name]
    statement = sql.SQL(sqlfiles.query("constraints", "domain_probe")).format(
        table=sql.Identifier(spec["table"]), column=sql.Identifier(spec["column"])
    )
    return db.execute(statement, {"value": value}).rowcount


def where(name: str, probe: domains.Probe) -> str:
    spec = DOMAINS[name]
    column = f"{spec['table']}.{spec['column']}"
    return f"constraints.toml [domains.{name}]: {column} = {probe.label} ({domains.describe(spec)})"


@pytest.mark.checklist("integrity-checks")
@pytest.mark.parametrize("name", list(DOMAINS))
def test_domain_definition(db, name):
    """The CHECK's definition states exactly the contract's domain: no value, bound or condition more or less."""
    spec = DOMAINS[name]
    rows = catalog.catalog(db, "constraints", relation=f"public.{spec['table']}")
    found = [row["definition"] for row in rows if row["name"] == name and row["kind"] == "c"]
    assert found, f"constraints.toml [domains.{name}]: public.{spec['table']} has no such CHECK"
    diff.same_set(
        domains.conditions(found[0]),
        domains.contract_conditions(spec),
        f"constraints.toml [domains.{name}]",
        f"conditions of {name} on {spec['table']}.{spec['column']} ({found[0]})",
    )


@pytest.mark.checklist("integrity-checks")
@pytest.mark.writes
@pytest.mark.parametrize(("name", "probe"), ALLOWED, ids=[f"{n}-{p.label}" for n, p in ALLOWED])
def test_domain_accepts(db, name, probe):
    """Every value the contract allows (for a range or a length: each bound) is written."""
    try:
        with db.transaction():
            written = write_probe(db, name, probe.value)
    except psycopg.Error as exc:
        raise AssertionError(
            f"{where(name, probe)}: allowed by the contract, refused with {exc.sqlstate} "
            f"({exc.diag.constraint_name}): {exc.diag.message_primary}"
        ) from None
    assert written == 1, f"{where(name, probe)}: allowed by the contract, not written"


@pytest.mark.checklist("integrity-checks")
@pytest.mark.writes
@pytest.mark.parametrize(("name", "probe"), NEAR_MISSES, ids=[f"{n}-{p.label}" for n, p in NEAR_MISSES])
def test_domain_refuses(db, name, probe):
    """A near miss (a bound's neighbour, a case or whitespace variant, an extra name) is refused by its CHECK."""
    with refused(db, "23514", name, context=f"{where(name, probe)}: outside the contract's domain"):
        write_probe(db, name, probe.value)


# --- generated rows ------------------------------------------------------------------------------------------

TABLES = CASES["generated"]
# Text the server can store: no NUL (PostgreSQL text cannot hold it) and no lone surrogates.
CHARS = st.characters(exclude_characters="\x00", exclude_categories=("Cs",))


def values(spec: dict) -> st.SearchStrategy:
    """A value strategy from its description in constraints.toml [generated]."""
    if "domain" in spec:  # the values a [domains] entry allows: its list, or its range of values or lengths
        domain = DOMAINS[spec["domain"]]
        kind = next(k for k in ("values", "between", "length") if k in domain)
        return values({{"values": "values", "between": "int", "length": "text"}[kind]: domain[kind]})
    if spec.get("null"):
        return st.none()
    if "values" in spec:
        return st.sampled_from(spec["values"])
    if "int" in spec:
        return st.integers(*spec["int"])
    if "numeric" in spec:
        low, high = (Decimal(v) for v in spec["numeric"])
        return st.decimals(low, high, places=6, allow_nan=False, allow_infinity=False)
    low, high = spec["text"]
    if high > 1000:  # oversized text: the length matters, not the characters
        return st.integers(low, high).map(lambda n: "x" * n)
    return st.text(CHARS, min_size=low, max_size=high)


def describe(table: str, column: str | None, index: int | None) -> str:
    if column is None:
        return f"{table}-valid"
    spec = TABLES[table]["columns"][column]["invalid"][index]
    rule = spec.get("constraint") or ("null" if spec.get("null") else spec["sqlstate"])
    return f"{table}-{column}-{rule}-{index}"


# Every invalid value class of every column is its own test, so each run exercises each one.
KINDS = [
    (table, column, index)
    for table, spec in TABLES.items()
    for column, index in [(None, None)]
    + [(c, i) for c, col in spec["columns"].items() for i in range(len(col["invalid"]))]
]


@st.composite
def generated_row(draw, table: str, broken: str | None, index: int | None) -> dict:
    """A row for `table` whose columns are all valid but `broken`, drawn from its invalid class `index`."""
    columns = TABLES[table]["columns"]
    return {
        column: draw(values(spec["invalid"][index] if column == broken else spec["valid"]))
        for column, spec in columns.items()
    }


@pytest.mark.checklist("integrity-checks")
@pytest.mark.writes
@pytest.mark.parametrize(("table", "broken", "index"), KINDS, ids=[describe(*k) for k in KINDS])
def test_generated_rows(session_conn, table, broken, index):
    """Generated rows: valid ones are written; one broken column is refused by its rule."""
    expected = None if broken is None else TABLES[table]["columns"][broken]["invalid"][index]

    @given(row=generated_row(table, broken, index))
    def check(row: dict) -> None:
        db = session_conn
        shown = {k: (v if not isinstance(v, str) or len(v) < 40 else f"<{len(v)} chars>") for k, v in row.items()}
        item = f"constraints.toml [generated.{table}] row {shown}"
        try:
            statement = TABLES[table]["sql"]
            if expected is None:
                # rowcount, not a count(*) before and after: a trigger or rule that drops the row still shows as 0
                written = db.execute(statement, {**NAMED, **row}).rowcount
                assert written == 1, f"{item}: a valid row was not written ({written} rows)"
            else:
                # A refused statement is atomic: nothing to count afterwards.
                rule = expected.get("constraint") or expected.get("column") or "the column's type"
                with refused(db, expected["sqlstate"], expected.get("constraint"), f"{item}: {broken} ({rule})",
                             column=expected.get("column")):  # fmt: skip
                    db.execute(statement, {**NAMED, **row})
        finally:
            db.rollback()

    check()
