"""The suite proves it can fail: every mutation in selftests/mutations/ turns its section red.

Each mutation is applied to a clone of the migrated, seeded template (or to a copy of the project's SQL
files), and the acceptance suite's section runs against it in a subprocess with `--target disposable -x`.
A mutation that names the tests that must catch it (`caught_by`) runs those tests of its section, without `-x`,
and counts as caught only when each of them failed, not some other test by accident.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import tomllib
from pathlib import Path

import pytest

from selftests import snapshot
from selftests.conftest import RESULTS, ROOT, copy_project
from selftests.junit import outcomes, pattern_matches

# Each mutation run stops at its first failing example: the kill is the same, without the minutes of shrinking.
PROFILE = ("--hypothesis-profile", "mutations")
CATALOG = sorted((ROOT / "selftests" / "mutations").glob("*.toml"))
MUTATIONS = [m for path in CATALOG for m in tomllib.loads(path.read_text())["mutation"]]
SECTIONS = sorted({m["section"] for m in MUTATIONS})


def unavailable(section: str) -> str | None:
    """Why the section's tests cannot run on this machine (they skip themselves there), or None."""
    if section == "types" and not (shutil.which("node") and (ROOT / "types" / "node_modules").is_dir()):
        return "the types tests need Node and types/node_modules (scripts/setup runs npm ci where Node is present)"
    return None


def declared(mutation: dict) -> list[str]:
    """The node-id patterns of the tests that must catch the mutation (`caught_by`: one pattern or a list)."""
    patterns = mutation.get("caught_by", [])
    return [patterns] if isinstance(patterns, str) else list(patterns)


def selection(mutation: dict) -> list[str]:
    """The tests a mutation's run selects: those its `caught_by` patterns name (a pattern's parametrizations, a
    file's tests), not its whole section. Every test of the section is independent of the others (each rolls back
    or has a clone of its own), so the rest would only pass or fail beside them; the section's unmutated run
    (test_unmutated_section_passes) still runs all of it."""
    return list(dict.fromkeys(re.split(r"[\[*]", pattern, maxsplit=1)[0] for pattern in declared(mutation)))


def judge(mutation: dict, returncode: int, report: Path) -> tuple[str, list[str], str]:
    """(outcome, the failed tests, the declared ones first, and why a red run does not count) of a section's run.

    With `caught_by`, each pattern must match a failed test; with `says` as well, one of those failures must say
    that text (the widened value, the column, the day), so the message names what is wrong.
    """
    results = outcomes(report).values() if report.exists() else []
    failed = {o.nodeid: o for o in results if o.status in ("failed", "error")}
    if returncode != 1 or not failed:
        return "survived", [], ""
    patterns = declared(mutation)
    hits = list(dict.fromkeys(n for p in patterns for n in failed if pattern_matches(p, n)))
    tests = hits + [n for n in failed if n not in hits]
    unmet = [p for p in patterns if not any(pattern_matches(p, n) for n in hits)]
    if unmet:
        return "misattributed", tests, f"no failed test matches {unmet}"
    says = mutation.get("says")
    if says and not any(says in failed[n].message + failed[n].details for n in hits):
        return "misattributed", tests, f"no failure of {patterns} says {says!r}"
    return "caught", tests, ""


def record(**row) -> None:
    with RESULTS.open("a") as fh:
        fh.write(json.dumps(row) + "\n")


@pytest.mark.parametrize("section", SECTIONS)
def test_unmutated_section_passes(mutant, warm_suite, section_files, section):
    """The baseline: each section is green on the migrated schema, so red below means the mutation."""
    with mutant("select 1") as dsn:
        result = warm_suite("-m", section, *section_files(section), *PROFILE, "--dsn", dsn, "--target", "disposable")
    assert result.returncode == 0, (
        f"section {section} is not green on the unmutated schema:\n{result.stdout[-3000:]}{result.stderr[-1000:]}"
    )


def _apply_to_copy(mutation: dict, tmp_path: Path) -> Path:
    copy = copy_project(tmp_path)
    target = copy / mutation["file"]
    text = target.read_text()
    old, new = (mutation["remove"], "") if "remove" in mutation else mutation["replace"]
    assert old in text, f"mutation {mutation['name']}: {old!r} is not in {mutation['file']}"
    target.write_text(text.replace(old, new, 1))
    return copy


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[f"{m['section']}-{m['name']}" for m in MUTATIONS])
def test_mutation_is_caught(mutant, warm_suite, section_files, template, server, mutation, tmp_path):
    """The mutation's section fails on the mutated database (or files), and a test of that section says so."""
    if reason := unavailable(mutation["section"]):
        pytest.skip(reason)
    started = time.monotonic()
    report = tmp_path / "junit.xml"
    # -x stops at the first failure; a mutation that names its tests runs those (all of them, each judged).
    section = mutation["section"]
    args = ["-m", section, *(selection(mutation) or ["-x", *section_files(section)]), f"--junitxml={report}"]
    if "sql" in mutation:
        before = snapshot.take(server.conninfo(template))
        with mutant(mutation["sql"]) as dsn:
            if not snapshot.differences(before, snapshot.take(dsn)):
                record(name=mutation["name"], section=mutation["section"], outcome="equivalent", caught_by=[])
                pytest.fail(f"mutation {mutation['name']} is equivalent: it changes nothing the suite can observe")
            result = warm_suite(*args, *PROFILE, "--dsn", dsn, "--target", "disposable")
    else:
        project = _apply_to_copy(mutation, tmp_path)
        with mutant("select 1") as dsn:
            result = warm_suite(*args, *PROFILE, "--dsn", dsn, "--target", "disposable", cwd=project)
    outcome, tests, why = judge(mutation, result.returncode, report)
    record(
        name=mutation["name"],
        section=mutation["section"],
        outcome=outcome,
        caught_by=tests,
        seconds=round(time.monotonic() - started, 1),
    )
    assert outcome != "misattributed", (
        f"mutation {mutation['name']} ({mutation['item']}) turned section {mutation['section']} red, but {why}: "
        f"failed {tests}"
    )
    assert outcome == "caught", (
        f"mutation {mutation['name']} ({mutation['item']}) survived section {mutation['section']}: "
        f"exit {result.returncode}\n{result.stdout[-2000:]}{result.stderr[-1000:]}"
    )
