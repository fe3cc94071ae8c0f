"""Code Preparation: the migration and rollback files are complete, ordered, atomic and safe, read statically."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from acceptance import catalog, contract, diff, sqlfiles

pytestmark = [pytest.mark.migrations, pytest.mark.checklist("code-migrations")]

LIFECYCLE = contract.load("lifecycle")
MIGRATIONS = {p.name: p for p in sqlfiles.migration_files()}
ROLLBACKS = {p.name: p for p in sqlfiles.rollback_files()}
ALL_FILES = [*sqlfiles.supabase_files("legacy"), *MIGRATIONS.values(), *ROLLBACKS.values(), sqlfiles.SEED]
TABLES = contract.schema()["tables"]
# The checklist items a file's checks prove beyond "Reviewed all migration files": its Deployment Step's Execute
# item, the seed's, or a rollback script's own and the rollback items.
FILE_ITEMS = {
    sqlfiles.SEED.name: ["seed-execute"],
    **{spec["migration"]: [f"{spec['step']}-execute"] for spec in TABLES.values()},
    **{spec["rollback"]: ["code-rollbacks", spec["rollback_item"], "rollback-tested"] for spec in TABLES.values()},
}
KINDS = ("materialized view", "table", "index", "policy", "trigger", "function", "view")


def by_file(files: list[Path], name: str = "path"):
    """Parametrize by file (a path or its name); each case proves its file's checklist items (FILE_ITEMS)."""
    cases = [(f, f.name) if isinstance(f, Path) else (f, f) for f in files]
    return pytest.mark.parametrize(
        name, [pytest.param(f, marks=pytest.mark.checklist(*FILE_ITEMS.get(n, [])), id=n) for f, n in cases]
    )


def kind(statement: str) -> str | None:
    """What a CREATE statement creates, or None."""
    match = re.match(
        r"create (?:or replace )?(?:unique )?(materialized view|table|index|policy|trigger|function|view)\b",
        sqlfiles.bare(statement),
    )
    return match.group(1) if match else None


@by_file(ALL_FILES)
def test_file_is_one_transaction(path):
    """Every statement of the file sits between its BEGIN and its COMMIT, so a failure leaves nothing behind."""
    statements = [sqlfiles.bare(s) for s in sqlfiles.statements(path)]
    assert statements[0] in ("begin;", "begin"), f"{path.name} does not start with BEGIN: {statements[0][:80]}"
    assert statements[-1] in ("commit;", "commit"), f"{path.name} does not end with COMMIT"
    inner = [s for s in statements[1:-1] if s.rstrip(";") in ("begin", "commit", "rollback", "end")]
    assert not inner, f"{path.name} ends its transaction early: {inner}"


@by_file(list(LIFECYCLE["inventory"]), "name")
def test_inventory_matches(name):
    """Each migration creates exactly the expected number of tables, indexes, policies, triggers, functions, views."""
    found = dict.fromkeys(KINDS, 0)
    for statement in sqlfiles.statements(MIGRATIONS[name]):
        if (what := kind(statement)) is not None:
            found[what] += 1
    diff.same_mapping(found, LIFECYCLE["inventory"][name], f"lifecycle.toml [inventory] {name}", "CREATE statements")


@pytest.mark.parametrize("path", ALL_FILES, ids=[p.name for p in ALL_FILES])
def test_security_definer_functions_fix_search_path(path):
    """A SECURITY DEFINER function sets search_path, so that a caller's search_path cannot hijack it."""
    for statement in sqlfiles.statements(path):
        text = sqlfiles.bare(statement)
        if kind(statement) == "function" and "security definer" in text:
            assert "set search_path" in text, f"{path.name}: security definer without search_path: {text[:120]}"


@by_file(list(ROLLBACKS.values()))
def test_rollback_drops_are_guarded(path):
    """Every DROP in a rollback script says IF EXISTS and no CASCADE, so re-running is harmless and narrow."""
    drops = [sqlfiles.bare(s) for s in sqlfiles.statements(path) if sqlfiles.bare(s).startswith("drop ")]
    assert drops, f"{path.name} drops nothing"
    for drop in drops:
        assert " if exists " in drop, f"{path.name}: unguarded {drop}"
        assert " cascade" not in drop, f"{path.name}: CASCADE reaches beyond the migration: {drop}"


@pytest.mark.checklist("code-order")
@pytest.mark.commits
def test_out_of_order_migration_fails_and_leaves_nothing(baseline_db):
    """Applying 004 before 003 fails with a clear error and leaves nothing of 004 behind."""
    before = catalog.fingerprint(baseline_db)
    with pytest.raises(psycopg.Error) as failure:
        sqlfiles.apply_as_psql(baseline_db, MIGRATIONS["004_create_messages_table.sql"])
    assert failure.value.sqlstate == LIFECYCLE["out_of_order"]["sqlstate"], failure.value
    extra, missing = diff.differences(catalog.fingerprint(baseline_db), before)
    assert not extra and not missing, f"a failed 004 left {extra[:5]} behind"


@pytest.mark.commits
@by_file(list(LIFECYCLE["inventory"]), "name")
def test_reapplying_a_migration_fails_cleanly(fresh_db, target, name):
    """Applying a migration again on the deployed database (003-006 and the seed applied, as production has them:
    a clone of the template) fails on its first object and changes nothing."""
    deployed = target.conninfo_for(fresh_db.info.dbname)
    before = catalog.fingerprint(deployed)
    with pytest.raises(psycopg.Error) as failure:
        sqlfiles.apply_as_psql(deployed, MIGRATIONS[name])
    assert failure.value.sqlstate == LIFECYCLE["reapply"]["sqlstate"], failure.value
    extra, missing = diff.differences(catalog.fingerprint(deployed), before)
    assert not extra and not missing, f"re-applying {name} changed {extra[:5]} / {missing[:5]}"


LINT = LIFECYCLE["lint"]
LINTED = [*(MIGRATIONS[name] for name in contract.schema()["checklist"]["migration_order"]), *ROLLBACKS.values()]


def squawk() -> str:
    """The squawk binary of the pinned squawk-cli, beside this Python first; skip when there is none or another."""
    found = shutil.which("squawk", path=str(Path(sys.executable).parent)) or shutil.which("squawk")
    if found is None:
        pytest.skip(f"squawk is not installed (pip install squawk-cli=={LINT['squawk_version']})")
    version = subprocess.run([found, "--version"], capture_output=True, text=True, check=False).stdout.split()
    if version[-1:] != [LINT["squawk_version"]]:
        pytest.skip(f"{' '.join(version)} found; the exceptions are written for {LINT['squawk_version']}")
    return found


@pytest.mark.parametrize("path", LINTED, ids=[p.name for p in LINTED])
def test_squawk_finds_nothing_unexplained(path):
    """squawk's migration lint finds nothing in the file beyond the exceptions lifecycle.toml lists with a reason,
    and every exception listed for the file still matches a finding."""
    result = subprocess.run(
        [squawk(), "--reporter", "json", f"--pg-version={LINT['pg_version']}", str(path)],
        capture_output=True, text=True, check=False, cwd=sqlfiles.ROOT,
    )  # fmt: skip
    try:
        findings = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"squawk did not report on {path.name}: exit {result.returncode}: {result.stderr.strip()[:500]}")
    allowed = {e["rule"] for e in LINT["exception"] if path.name in e["files"]}
    unexplained = [f"{path.name}:{f['line']}: {f['rule_name']}: {f['message']}" for f in findings
                   if f["rule_name"] not in allowed]  # fmt: skip
    assert not unexplained, "squawk lint:\n" + "\n".join(unexplained)
    stale = allowed - {f["rule_name"] for f in findings}
    assert not stale, f"squawk lint: {path.name}: exceptions that match no finding any more: {sorted(stale)}"
