"""The TypeScript checks' slow commands: Supabase's generator on the migrated schema, the fix command on a server
of its own, and the compiler on the sample app and on the broken samples. Each spends most of its time starting
node (1.7 s of a 2 s generator run is loading postgres-meta), so they are started together, early and at the
lowest CPU priority: they take the cores the rest of the run leaves idle, and the tests judge them when they come.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from acceptance import pgserver, sqlfiles
from acceptance.cli import gen_types

ROOT = sqlfiles.ROOT
TYPES = ROOT / "types"
TSC = TYPES / "node_modules" / "typescript" / "bin" / "tsc"
# nice 19: under contention the scheduler gives a normal task about 70 times the CPU of these, so the tests'
# round trips to the server (and the timings of the performance tests) barely notice them.
NICENESS = 19


def gen_types_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "acceptance.cli.gen_types", *args]


def tsc_argv(config: str) -> list[str]:
    """`tsc --noEmit --strict` on a project in types/, as the frontend's build checks it."""
    return ["node", str(TSC), "-p", str(TYPES / config), "--noEmit", "--strict", "--pretty", "false"]


class Launched:
    """Commands started together and waited for one by one."""

    def __init__(self, niceness: int = NICENESS) -> None:
        self.niceness = niceness
        self.procs: dict[str, subprocess.Popen] = {}
        self.why_not: dict[str, str] = {}  # a command not started, and why

    def start(self, name: str, argv: list[str]) -> None:
        self.procs[name] = subprocess.Popen(
            argv,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=lambda: os.nice(self.niceness),
        )

    def result(self, name: str) -> subprocess.CompletedProcess:
        if name not in self.procs:
            raise LookupError(
                f"{name} was not started: the test that judges it must be marked types_commands({name!r})"
            )
        proc = self.procs[name]
        out, err = proc.communicate(timeout=600)
        return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)

    def stop(self) -> None:
        """Ends what still runs (a run stopped at its first failure): SIGTERM first, so that the fix command stops
        the server it started; SIGKILL only if it does not end."""
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
            try:
                proc.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()


COMMANDS = ("generated", "again", "tsc", "tsc-broken")


def launch(schema_dsn: str, out: Path, pg_bin: str | None, wanted: set[str], yielding: bool = True) -> Launched:
    """Start the wanted commands whose tool is here; each writes into `out`. The fix command ("again") migrates a
    server of its own; without a local server binary the generator runs a second time on `schema_dsn` instead.
    `yielding`: at the lowest priority, for a run with other tests; without them there is nothing to yield to."""
    unknown = wanted - set(COMMANDS)
    if unknown:
        raise ValueError(f"no such TypeScript check command: {sorted(unknown)} (there are {', '.join(COMMANDS)})")
    started = Launched(NICENESS if yielding else 0)
    generator_here = not gen_types.missing_tools()  # missing_tools runs `node --version`
    if generator_here and "generated" in wanted:
        started.start("generated", gen_types_argv("--dsn", schema_dsn, "--output", str(out / "database.types.ts")))
    if generator_here and "again" in wanted:
        try:
            pgserver.find_bindir(pg_bin)
            fix = gen_types_argv("--output", str(out / "again.types.ts"), *([f"--pg-bin={pg_bin}"] if pg_bin else []))
            started.start("again", fix)
        except pgserver.ServerError as exc:
            started.why_not["fix"] = str(exc)
            started.start("again", gen_types_argv("--dsn", schema_dsn, "--output", str(out / "again.types.ts")))
    if TSC.is_file():
        for name, config in (("tsc", "tsconfig.json"), ("tsc-broken", "tsconfig.broken.json")):
            if name in wanted:
                started.start(name, tsc_argv(config))
    return started
