"""A target without migrations 003-006, or with only some of them: the pre-flight summary says which are applied
and which objects are missing, what is applied is verified and passes, and every failure names what is missing.

Connection problems and a database without the baseline tables end the run in one line: selftests/test_bad_input.py.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import pytest

from acceptance import contract, sqlfiles
from acceptance.target import janitor
from selftests.conftest import TARGET_CHECKS_ONLY, run_suite
from selftests.junit import outcomes

ITEM = "Pre-Deployment - Environment Verification"
SCHEMA = contract.schema()
ORDER = [name[:3] for name in SCHEMA["checklist"]["migration_order"]]  # 003 ... 006
_numbers = itertools.count(1)


def objects_by_migration() -> dict[str, set[str]]:
    """The names of the objects each of migrations 003-006 creates, from the schema contract."""
    found: dict[str, set[str]] = {number: set() for number in ORDER}
    for kind in ("tables", "matviews", "views", "functions"):
        for name, spec in SCHEMA[kind].items():
            number = spec["migration"][:3]
            found[number].add(name)
    return found


@pytest.fixture
def partial_db(server, request) -> Iterator[str]:
    """A database with the Supabase layer and migrations 001 up to the given one, without the seed."""
    last = request.param
    name = f"selftest_partial{next(_numbers)}"
    with janitor(server.conninfo(), name):
        for path in sqlfiles.supabase_files() + [p for p in sqlfiles.migration_files() if p.name[:3] <= last]:
            sqlfiles.apply_file(server.conninfo(name), path)
        yield server.conninfo(name)


def _listed(text: str) -> set[str]:
    return set() if text.strip() == "none" else {part.strip() for part in text.split(",")}


@pytest.mark.parametrize(
    ("partial_db", "applied"),
    [("002", []), ("004", ["003", "004"])],
    ids=["without-003-006", "only-003-004"],
    indirect=["partial_db"],
)
def test_partial_target_is_reported_and_verified_as_far_as_applied(partial_db, applied, tmp_path):
    """The run fails, says in its pre-flight summary which migrations are missing, and blames only those."""
    missing = [number for number in ORDER if number not in applied]
    by_migration = objects_by_migration()
    absent = set().union(*(by_migration[n] for n in missing))
    present = set().union(*(by_migration[n] for n in applied)) | set(SCHEMA["baseline"])
    # -v undoes run_suite's -q, which would hide the report header and the pre-flight summary in it.
    junit = f"--junitxml={tmp_path / 'partial.xml'}"
    result = run_suite(*TARGET_CHECKS_ONLY, "--dsn", partial_db, "-v", "--tb=line", junit)
    output = result.stdout + result.stderr
    assert result.returncode == 1, f"expected test failures (exit 1), got exit {result.returncode}\n{output[-3000:]}"
    assert "INTERNALERROR" not in output and "Traceback (most recent call last)" not in output, output[-3000:]

    summary = re.search(r"migrations applied: (.+?), not applied: ([^;]+?)(?:, PARTIALLY applied: [^;]*)?;", output)
    assert summary, f"{ITEM}: no pre-flight summary of the applied migrations in the header:\n{output[:3000]}"
    assert (_listed(summary[1]), _listed(summary[2])) == (set(applied), set(missing)), summary[0]
    objects_line = next((line for line in output.splitlines() if "missing objects of 003-006" in line), "")
    named = set(re.findall(r"public\.(\w+)", objects_line))
    assert named == absent, f"{ITEM}: the pre-flight summary names the wrong missing objects: {objects_line}"

    found = outcomes(tmp_path / "partial.xml")
    errors = [o.nodeid for o in found.values() if o.status == "error"]
    assert not errors, f"a missing migration crashed a fixture instead of failing a test: {errors}"
    failed = [o for o in found.values() if o.status == "failed"]
    assert failed, "nothing failed on a target without all of 003-006"
    blamed = [*absent, *(f"Migration {number}" for number in missing)]
    blind = [o.nodeid for o in failed if not any(name in o.message + o.details for name in blamed)]
    assert not blind, f"failures that do not name a missing migration's object: {blind}"
    for outcome in found.values():
        param = re.search(r"\[(?:\w+-)?(\w+)\]$", outcome.nodeid)
        if outcome.nodeid.startswith("tests/test_structure.py::") and param and param[1] in present:
            assert outcome.status == "passed", f"{outcome.nodeid} on an applied migration: {outcome.message}"
