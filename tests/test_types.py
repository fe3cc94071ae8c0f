"""TypeScript types: database.types.ts is Supabase's generator's output for the migrated schema, and it type-checks."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

from acceptance import contract, diff, sqlfiles, typecheck
from acceptance.cli import gen_types
from acceptance.target import redact

pytestmark = [pytest.mark.types, pytest.mark.checklist("app-types")]

IMPORT = "Import TypeScript types from `database.types.ts`"
SHARE = "Share TypeScript types with frontend team"
ROOT = sqlfiles.ROOT
COMMITTED = ROOT / "database.types.ts"
TYPES = typecheck.TYPES
TSC = typecheck.TSC
FACTS = contract.load("types")
BROKEN = FACTS["broken"]
# `types/broken/x.ts(8,3): error TS2353: Object literal may only specify known properties, and 'topic' ...`
DIAGNOSTIC = re.compile(r"^(?P<file>[^(\s][^(]*)\((?P<line>\d+),(?P<col>\d+)\): error (?P<code>TS\d+): (?P<text>.*)$")


def diagnostics(output: str) -> list[dict[str, str]]:
    return [m.groupdict() for line in output.splitlines() if (m := DIAGNOSTIC.match(line))]


def unified_diff(committed: bytes, generated: bytes) -> str:
    return gen_types.unified_diff(committed, generated, COMMITTED.name)


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    """The pinned generator, or a skip that says how to get it."""
    module = gen_types
    why = module.missing_tools()
    if why:
        pytest.skip(f"{IMPORT}: cannot run the generator: {why}")
    return module


@pytest.fixture(scope="module")
def compiler(generator: ModuleType) -> Path:
    """The pinned TypeScript compiler, or a skip that says how to get it."""
    if not TSC.is_file():
        pytest.skip(f"{SHARE}: {TSC.relative_to(ROOT)} not found: {generator.HOW_TO_GET_GENERATOR}")
    return TSC


@pytest.fixture(scope="module")
def generated(generator: ModuleType, launched) -> bytes:
    """The generator's output for the migrated schema, written by the documented command into a temporary file."""
    started, out = launched
    result = started.result("generated")
    assert result.returncode == 0, f"{IMPORT}: scripts/gen-types failed: {result.stderr.strip()}"
    return (out / "database.types.ts").read_bytes()


def drift(generator: ModuleType, committed: bytes, generated: bytes, target) -> str:
    """Why the committed file is stale: where it was generated from, the unified diff and the command that fixes it."""
    where = "the migrated schema" if target.template else f"the target database {redact(target.conninfo)}"
    fix = (
        f"{generator.FIX}   (at the project root; then commit {COMMITTED.name})"
        if target.template
        else f"{generator.FIX} if sql/migrations are right (the target is behind them otherwise: deploy them)"
    )
    return (
        f"{IMPORT}: {COMMITTED.name} is not the generator's output for {where} "
        f"(@supabase/postgres-meta {generator.generator_version()}): the frontend would compile against "
        f"columns, views or functions the database does not have as typed.\n"
        f"{unified_diff(committed, generated)}\nFix: {fix}"
    )


@pytest.mark.checklist("docs-share-types")
@pytest.mark.types_commands("generated")
def test_committed_types_are_the_generators_output(generator, generated, target):
    """The committed database.types.ts is byte for byte what postgres-meta generates from the migrated schema."""
    committed = COMMITTED.read_bytes() if COMMITTED.exists() else b""
    assert committed == generated, drift(generator, committed, generated, target)


@pytest.mark.types_commands("generated", "again")
def test_generation_is_deterministic(generated, launched):
    """A second run of the generator, the fix command's on a database it migrates itself (or, without a local
    server, a second run on the same database), writes the same bytes."""
    started, out = launched
    again = out / "again.types.ts"
    result = started.result("again")
    assert result.returncode == 0, f"{SHARE}: scripts/gen-types failed: {result.stderr.strip()}"
    if again.read_bytes() != generated:
        raise AssertionError(
            f"{SHARE}: two runs of the generator on the same schema differ, so the committed file cannot be kept "
            f"in sync:\n{unified_diff(generated, again.read_bytes())}"
        )


@pytest.mark.types_commands("generated")
def test_types_expose_only_the_public_schema(generated):
    """`Database` has the schemas the API exposes and no other (no graphql_public, auth, private)."""
    text = generated.decode()
    block = text[text.index("export type Database = {") :]
    block = block[: block.index("\n}\n")]
    found = re.findall(r"^  (\w+): \{$", block, flags=re.MULTILINE)
    diff.same_set(found, FACTS["generator"]["schemas"], SHARE, "the schemas in database.types.ts")


@pytest.mark.types_commands("again")
def test_fix_command_reproduces_the_committed_file(generator, launched):
    """`scripts/gen-types` migrates its own disposable database and writes exactly the committed file."""
    started, out = launched
    if "fix" in started.why_not:
        pytest.skip(f"{IMPORT}: the fix command needs a local PostgreSQL server: {started.why_not['fix']}")
    result = started.result("again")
    if result.returncode != 0:
        raise AssertionError(f"{IMPORT}: `{generator.FIX}` exit {result.returncode}: {result.stderr.strip()}")
    committed, written = (COMMITTED.read_bytes() if COMMITTED.exists() else b""), (out / "again.types.ts").read_bytes()
    if written != committed:
        raise AssertionError(
            f"{IMPORT}: `{generator.FIX}` writes another file than the committed {COMMITTED.name}:\n"
            f"{unified_diff(committed, written)}\nFix: {generator.FIX}   (at the project root; then commit it)"
        )


def test_generator_and_compiler_are_pinned(generator):
    """types/package.json pins exact versions, and node_modules holds exactly those (npm ci from the lock)."""
    wanted = json.loads((TYPES / "package.json").read_text())["devDependencies"]
    for package in (FACTS["generator"]["package"], FACTS["generator"]["compiler"]):
        pin = wanted.get(package, "")
        assert re.fullmatch(r"\d+\.\d+\.\d+", pin), f"{SHARE}: {package} is not pinned exactly: {pin!r}"
        manifest = TYPES / "node_modules" / package / "package.json"
        installed = json.loads(manifest.read_text())["version"] if manifest.is_file() else "nothing"
        assert installed == pin, (
            f"{SHARE}: types/node_modules has {package} {installed}, the pin is {pin}: {generator.HOW_TO_GET_GENERATOR}"
        )
    assert (TYPES / "package-lock.json").is_file(), f"{SHARE}: types/package-lock.json is missing (npm install)"


@pytest.mark.types_commands("tsc")
def test_types_and_sample_app_type_check(compiler, launched):
    """`tsc --noEmit --strict` accepts database.types.ts and the sample that uses it the way the app does."""
    result = launched[0].result("tsc")
    if result.returncode != 0:
        raise AssertionError(
            f"{IMPORT}: tsc --noEmit --strict rejects database.types.ts or types/sample/:\n"
            f"{result.stdout}{result.stderr}"
        )


@pytest.fixture(scope="module")
def broken_check(compiler, launched) -> tuple[subprocess.CompletedProcess, list[dict[str, str]]]:
    """One tsc run over every deliberately broken sample."""
    result = launched[0].result("tsc-broken")
    return result, diagnostics(result.stdout)


@pytest.mark.types_commands("tsc-broken")
@pytest.mark.parametrize("case", BROKEN, ids=[case["id"] for case in BROKEN])
def test_wrong_name_fails_the_type_check(broken_check, case):
    """tsc refuses the sample with one wrong name, with the expected error code naming that name, and nothing else."""
    result, found = broken_check
    assert result.returncode != 0, f"{IMPORT}: tsc accepted the broken samples:\n{result.stdout}"
    errors = [d for d in found if Path(d["file"]) == Path(case["file"])]
    summary = [f"{d['code']} line {d['line']}: {d['text'][:120]}" for d in errors]
    assert len(errors) == 1, f"{IMPORT}: {case['what']}: expected one error in {case['file']}, found {summary}"
    assert errors[0]["code"] == case["code"], f"{IMPORT}: {case['what']}: expected {case['code']}, found {summary}"
    assert f"'{case['name']}'" in errors[0]["text"], f"{IMPORT}: {case['what']}: the error does not name {case['name']}"


@pytest.mark.types_commands("tsc-broken")
def test_every_broken_sample_is_a_case(broken_check):
    """Every error tsc reports is in a broken sample the data file describes: the generated file has none."""
    _, found = broken_check
    diff.same_set(
        {d["file"] for d in found}, {case["file"] for case in BROKEN}, IMPORT, "the files tsc finds errors in"
    )
    on_disk = {str(p.relative_to(ROOT)) for p in (TYPES / "broken").glob("*.ts")}
    diff.same_set(on_disk, {case["file"] for case in BROKEN}, IMPORT, "the broken samples in types/broken/")
