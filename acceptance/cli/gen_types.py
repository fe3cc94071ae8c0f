"""Regenerate database.types.ts with Supabase's own generator, postgres-meta (pinned in types/package.json).

Without --dsn it starts a disposable PostgreSQL as the suite does (acceptance/pgserver.py), creates a database,
applies sql/supabase and sql/migrations to it (the suite's deployment files, without the seed: types come from
the schema), generates, and removes the server. With --dsn it generates from that database as it is: the
generator only reads the catalogs. Only the `public` schema is generated: it is the one the API exposes.

    scripts/gen-types                      # rewrite database.types.ts from sql/migrations
    scripts/gen-types --check              # exit 1 with a unified diff when the committed file is stale
    scripts/gen-types --dsn "$STAGING_DSN" --output /tmp/staging.types.ts

Needs Node.js 20+ and the packages locked in types/package-lock.json: scripts/setup runs `npm ci` in types/
wherever npm is installed.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlencode

import psycopg

from acceptance import pgserver, sqlfiles
from acceptance.target import redact

ROOT = sqlfiles.ROOT
OUTPUT = ROOT / "database.types.ts"
TYPES = ROOT / "types"
GENERATOR = TYPES / "node_modules" / "@supabase" / "postgres-meta" / "dist" / "server" / "server.js"
SCHEMAS = "public"
DATABASE = "gen_types"
NODE_MAJOR = 20
HOW_TO_GET_NODE = (
    f"install Node.js {NODE_MAJOR} or newer with npm (nodejs.org or NodeSource packages; Debian 12's own nodejs "
    "is 18, too old), then run scripts/setup (it runs `npm ci` in types/)"
)
HOW_TO_GET_GENERATOR = "run scripts/setup (it runs `npm ci` in types/) or `cd types && npm ci`"
FIX = "scripts/gen-types"


class GenError(RuntimeError):
    """Why the types could not be generated; one line for the user."""


def missing_tools() -> str | None:
    """Why the generator cannot run here, with how to get what is missing; None when it can."""
    node = shutil.which("node")
    if node is None:
        return f"Node.js not found on PATH: {HOW_TO_GET_NODE}"
    out = subprocess.run([node, "--version"], capture_output=True, text=True, check=False)
    version = out.stdout.strip().lstrip("v")
    if not version.split(".")[0].isdigit() or int(version.split(".")[0]) < NODE_MAJOR:
        return f"Node.js {version or '(unknown version)'} is too old for postgres-meta: {HOW_TO_GET_NODE}"
    if not GENERATOR.is_file():
        return f"{GENERATOR.relative_to(ROOT)} not found: {HOW_TO_GET_GENERATOR}"
    return None


def generator_version() -> str:
    return json.loads((GENERATOR.parents[2] / "package.json").read_text())["version"]


def to_url(dsn: str) -> str:
    """node-postgres takes a URL; the suite passes libpq key=value strings."""
    if dsn.startswith(("postgres://", "postgresql://")):
        return dsn
    params = psycopg.conninfo.conninfo_to_dict(dsn)
    user = quote(str(params.pop("user", "") or ""), safe="")
    password = params.pop("password", None)
    auth = f"{user}:{quote(str(password), safe='')}@" if password else (f"{user}@" if user else "")
    host = str(params.pop("host", "") or "")
    port = params.pop("port", None)
    dbname = quote(str(params.pop("dbname", "") or ""), safe="")
    if host.startswith("/"):  # a Unix socket directory goes in the query string
        params["host"] = host
        host = ""
    netloc = f"{auth}{host}{f':{port}' if port else ''}"
    query = urlencode({k: str(v) for k, v in params.items()})
    return f"postgresql://{netloc}/{dbname}{f'?{query}' if query else ''}"


def generate(dsn: str) -> bytes:
    """The generator's output for the database at dsn, byte for byte."""
    why = missing_tools()
    if why:
        raise GenError(why)
    # Settings of the caller's shell (PG_META_POSTGREST_VERSION, ...) would change the output: only ours count.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG_META_")}
    env.update(
        PG_META_DB_URL=to_url(dsn),
        PG_META_GENERATE_TYPES="typescript",
        PG_META_GENERATE_TYPES_INCLUDED_SCHEMAS=SCHEMAS,
    )
    try:
        out = subprocess.run(
            ["node", str(GENERATOR)], env=env, cwd=TYPES, capture_output=True, timeout=300, check=False
        )
    except subprocess.TimeoutExpired:
        raise GenError(f"postgres-meta did not finish in 300 s against {redact(dsn)}") from None
    if out.returncode != 0 or not out.stdout.startswith(b"export type"):
        # Node prints the failing source line first, then `Error: <message>`.
        errors = [line for line in out.stderr.decode(errors="replace").splitlines() if line.startswith("Error")]
        detail = errors[0].strip() if errors else f"exit code {out.returncode}, no types printed"
        raise GenError(f"postgres-meta failed against {redact(dsn)}: {detail}")
    return out.stdout


def generate_from_migrations(pg_bin: str | None) -> bytes:
    """Migrate a database on a disposable server with the suite's own machinery, and generate from it."""
    from acceptance.target import janitor

    try:
        _, bindir = pgserver.find_bindir(pg_bin)
        server = pgserver.LocalServer(bindir=bindir)
        server.start()
    except pgserver.ServerError as exc:
        raise GenError(str(exc)) from None
    try:
        with janitor(server.conninfo(), DATABASE):
            conninfo = server.conninfo(DATABASE)
            for path in sqlfiles.deployment_files(seed=False):
                try:
                    sqlfiles.apply_file(conninfo, path)
                except psycopg.Error as exc:
                    raise GenError(f"{path.relative_to(ROOT)} failed: {exc}".splitlines()[0]) from None
            return generate(conninfo)
    finally:
        server.stop()


def unified_diff(committed: bytes, generated: bytes, name: str) -> str:
    return "".join(
        difflib.unified_diff(
            committed.decode().splitlines(keepends=True),
            generated.decode().splitlines(keepends=True),
            f"{name} (committed)",
            f"{name} (generated)",
        )
    )


def _stop_on_sigterm(signum: int, frame: object) -> None:
    # Unwind as on an exception, so that the disposable server's `finally` stops it (a default SIGTERM would not).
    raise SystemExit(128 + signum)


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    parser = argparse.ArgumentParser(
        prog="scripts/gen-types", description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--dsn", help="generate from this database as it is, instead of a migrated disposable one")
    parser.add_argument(
        "--pg-bin",
        default=os.environ.get("ACCEPTANCE_PG_BIN"),
        help="directory with initdb/pg_ctl/postgres for the disposable server [env ACCEPTANCE_PG_BIN]",
    )
    parser.add_argument(
        "-o", "--output", default=str(OUTPUT), help="where to write; - for stdout (default: %(default)s)"
    )
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 with a diff if --output differs")
    parser.add_argument("--version", action="store_true", help="print the pinned generator's version and exit")
    args = parser.parse_args(argv)
    try:
        if args.version:
            why = missing_tools()
            if why:
                raise GenError(why)
            print(f"@supabase/postgres-meta {generator_version()}")
            return 0
        generated = generate(args.dsn) if args.dsn else generate_from_migrations(args.pg_bin)
    except GenError as exc:
        print(f"gen-types: {exc}", file=sys.stderr)
        return 2
    if args.output == "-":
        sys.stdout.buffer.write(generated)
        return 0
    output = Path(args.output)
    if args.check:
        committed = output.read_bytes() if output.exists() else b""
        if committed == generated:
            return 0
        sys.stdout.write(unified_diff(committed, generated, output.name))
        print(f"gen-types: {output} is not the generator's output; fix: {FIX}", file=sys.stderr)
        return 1
    output.write_bytes(generated)
    print(f"gen-types: wrote {output} (@supabase/postgres-meta {generator_version()})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
