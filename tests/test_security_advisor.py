"""Security advisor checks: Supabase's database linter rules as schema-wide tests over the exposed schema, each
naming its offenders; and splinter.sql itself, run against the target, with no ERROR or WARN."""

from __future__ import annotations

import pytest
from psycopg import sql
from psycopg.rows import dict_row

from acceptance import catalog, contract, diff, identities, sqlfiles

pytestmark = [pytest.mark.rls, pytest.mark.checklist("rls-isolation")]

ADVISOR = contract.load("advisor")
RULES = ADVISOR["rules"]
SHARED = {key: value for key, value in ADVISOR.items() if not isinstance(value, dict)}


def _params(rule: dict) -> dict:
    # A rule's parameter may name a shared list (schemas = "@own").
    return SHARED | identities.resolve(rule.get("params", {}), local=SHARED)


@pytest.mark.parametrize("name", list(RULES))
def test_security_advisor_rule(db, name):
    """The schema has no offender against the linter rule: every object, present and future, complies."""
    rule = RULES[name]
    offenders = [row["offender"] for row in catalog.catalog(db, rule["query"], **_params(rule))]
    lint = f"splinter {rule['lint']}" if rule["lint"] != "project" else "project rule"
    diff.same_set(offenders, [], f"advisor.toml [rules.{name}] ({lint})", rule["what"])


def test_splinter_reports_no_error_or_warning(db):
    """Supabase's own linter (splinter.sql), run against the target with `public` exposed, reports nothing at
    level ERROR or WARN (INFO, such as indexes not used yet, is allowed)."""
    spec = ADVISOR["splinter"]
    text = sqlfiles.catalog_query(spec["query"])
    # The file sets search_path and the setting locally; a savepoint rolled back takes both away again.
    with db.transaction(force_rollback=True), db.cursor(row_factory=dict_row) as cur:
        cur.execute(sql.SQL("set pgrst.db_schemas = {}").format(sql.Literal(spec["db_schemas"])))
        cur.execute(text)
        while cur.nextset():
            pass
        lints = cur.fetchall()
    failing = sorted(
        f"{row['level']} {row['name']}: {row['detail']}" for row in lints if row["level"] in spec["failing_levels"]
    )
    assert not failing, "Security advisor - splinter.sql: " + "\n    ".join(["offenders:", *failing])
