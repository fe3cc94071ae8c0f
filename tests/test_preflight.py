"""Pre-Deployment Environment Verification, read-only: safe on production."""

from __future__ import annotations

import psycopg
import pytest

from acceptance import contract, diff, preflight, sqlfiles
from acceptance.errors import refused
from acceptance.impersonation import Request, acting_as

pytestmark = pytest.mark.preflight

PREFLIGHT = contract.load("lifecycle")["preflight"]
APPLIED_IN_ORDER = list(contract.schema()["tables"])


@pytest.fixture(scope="module")
def facts(session_conn) -> dict:
    row = preflight.facts(session_conn)
    session_conn.rollback()
    return row


def test_report(facts, target, record_testsuite_property):
    """The pre-flight facts are recorded with the run (server, target, applied migrations, size)."""
    for key, value in facts.items():
        record_testsuite_property(f"preflight.{key}", str(value))
    print("", *preflight.report(facts, target.kind), sep="\n")
    assert facts["server_version_num"] >= PREFLIGHT["min_server_version_num"], (
        f"PostgreSQL {facts['server_version_num']} is older than the migrations need"
    )


@pytest.mark.checklist("env-existing-tables", "env-tenants", "env-users")
def test_existing_tables(facts):
    """Verified existing tables exist: tenants and users."""
    assert facts["has_tenants"], "tenants is missing"
    assert facts["has_users"], "users is missing"


def test_supabase_roles_and_functions(facts):
    """The roles and functions the migrations rely on exist: the API roles, BYPASSRLS, gen_random_uuid, auth.uid."""
    diff.same_set(facts["api_roles"], PREFLIGHT["api_roles"], "lifecycle.toml [preflight] api_roles", "API roles")
    assert facts["service_role_bypasses_rls"], "service_role lacks BYPASSRLS"
    assert facts["has_gen_random_uuid"], "gen_random_uuid() is not available"
    assert facts["has_auth_uid"], "auth.uid() is missing (sql/supabase/02_auth.sql)"


@pytest.mark.checklist("code-order")
def test_applied_migrations_form_a_prefix(facts):
    """The applied migrations are 003, 003-004, ... in order: never a later one without an earlier one."""
    applied = facts["applied_tables"]
    assert applied == APPLIED_IN_ORDER[: len(applied)], f"migrations applied out of order: {applied}"


@pytest.mark.checklist("code-order")
def test_no_migration_is_half_applied(facts):
    """Each of 003-006 is there with all its objects or not at all: a half-applied migration is named."""
    assert not facts["partial_migrations"], (
        f"migration(s) {facts['partial_migrations']} only partly applied; missing {facts['missing_objects']}"
    )


CONTRACT_OBJECTS = {
    *(f"table public.{name}" for name in contract.schema()["tables"]),
    *(f"materialized view public.{name}" for name in contract.schema()["matviews"]),
    *(f"view public.{name}" for name in contract.schema()["views"]),
    *(f"function {spec['schema']}.{name}" for name, spec in contract.schema()["functions"].items()),
}
ROLLED_BACK = "Rollback Plan - Application can handle missing tables (graceful degradation)"


@pytest.fixture
def rolled_back(fresh_db, target) -> str:
    """A clone of the migrated, seeded database with rollback_006 ... rollback_003 applied."""
    conninfo = target.conninfo_for(fresh_db.info.dbname)
    for name in contract.schema()["checklist"]["rollback_order"]:
        sqlfiles.apply_file(conninfo, sqlfiles.ROLLBACK / name)
    return conninfo


@pytest.mark.checklist("rollback-degradation")
def test_preflight_names_what_a_rollback_removed(rolled_back):
    """With 003-006 rolled back, the read-only pre-flight reports every missing object instead of failing."""
    found = preflight.read(rolled_back)
    assert found["has_tenants"] and found["has_users"], f"{ROLLED_BACK}: the rollback took tenants or users"
    assert found["applied_migrations"] == [], f"{ROLLED_BACK}: still reported as applied: {found}"
    assert found["partial_migrations"] == [], f"{ROLLED_BACK}: reported as partly applied: {found}"
    diff.same_set(found["missing_objects"], CONTRACT_OBJECTS, ROLLED_BACK, "objects reported missing")
    lines = preflight.report(found, "staging")
    assert any("not applied: 003, 004, 005, 006" in line for line in lines), lines


def test_preflight_reports_nothing_missing_when_deployed(facts):
    """On a database where 003-006 are applied, the pre-flight's inventory finds every object of the contract."""
    if facts["applied_migrations"] != ["003", "004", "005", "006"]:
        pytest.skip(f"003-006 are not all applied on this target ({facts['applied_migrations']})")
    assert facts["missing_objects"] == [], f"reported missing although deployed: {facts['missing_objects']}"


@pytest.mark.checklist("rollback-degradation")
def test_baseline_reads_survive_and_removed_tables_fail_precisely(rolled_back, cast):
    """After the rollback the app's reads of tenants and users still work, and a read of a removed table fails
    with undefined_table (42P01), an error the application can recognise, not a wrong result."""
    alice = cast["alice"]
    with psycopg.connect(rolled_back) as conn:
        with acting_as(conn, alice, Request("GET", "/tenants")):
            tenants = conn.execute(sqlfiles.query("rls", "tenants_select"), {"tenant": alice.tenant_id}).fetchall()
            users = conn.execute(sqlfiles.query("rls", "users_select"), {"tenant": alice.tenant_id}).fetchall()
            assert tenants and users, f"{ROLLED_BACK} {alice.banner()}: tenants {tenants}, users {users}"
            with refused(conn, "42P01", context=f"{ROLLED_BACK} {alice.banner()}"):
                conn.execute(sqlfiles.query("app", "list_conversations"))
        conn.rollback()
