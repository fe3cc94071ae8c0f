"""Load a volume profile (contract/volume.toml) into a disposable database, set-based, and say where the time went.

The load drops the secondary indexes, writes the rows with triggers and foreign-key checks off (every derived
column is written as the triggers would write it, sql/volume/load.sql), builds the indexes again from their own
definitions and analyses. The caller checks that the schema is unchanged afterwards.
"""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import psycopg
from psycopg.types.numeric import Int4

from acceptance import contract, sqlfiles
from acceptance.impersonation import Actor

VOLUME = contract.load("volume")
PROFILES = VOLUME["profiles"]


class VolumeRefused(RuntimeError):
    """The target does not let the load switch triggers off (`session_replication_role`)."""


@dataclass(frozen=True)
class Loaded:
    rows: int
    seconds: float
    phases: dict[str, float]  # seconds per phase, in order: rows, indexes, analyze
    tables: dict[str, int]  # rows per public table


def volume_id(prefix: str, n: int) -> str:
    """The recognisable ids of the load: tenant n is a0000000-...-n, user b..., conversation c..., message d..."""
    return f"{prefix}0000000-0000-4000-8000-{n:012x}"


# The largest tenant's first user, who owns the largest conversation; the typical queries run as this user.
LARGEST_TENANT_USER = Actor(
    name="largest_tenant_user", role="authenticated", user=volume_id("b", 1), tenant="volume-1",
    tenant_id=volume_id("a", 1),
)  # fmt: skip


def _in_parallel(conninfo: str, statement: str, numbers: dict) -> None:
    """Run `statement` on `parts` connections at once, part 0 .. parts-1, each from its own seed."""
    parts = VOLUME["parts"]

    def part(n: int) -> None:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute("set session_replication_role = replica")
            conn.execute("select setseed(%s)", (numbers["seed"] + n / 100,))
            conn.execute(statement, {**numbers, "part": Int4(n), "parts": Int4(parts)})

    with ThreadPoolExecutor(parts) as pool:
        for done in [pool.submit(part, n) for n in range(parts)]:
            done.result()


def _build(conninfo: str, definitions: list[str]) -> None:
    """Build the indexes `parts` at a time: CREATE INDEX takes a SHARE lock, which does not block another one."""

    def build(definition: str) -> None:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f"set maintenance_work_mem = '{VOLUME['maintenance_work_mem']}'")
            conn.execute(definition)

    with ThreadPoolExecutor(VOLUME["parts"]) as pool:
        list(pool.map(build, definitions))


def load(conninfo: str, profile: str) -> Loaded:
    """Load `profile` into the database at `conninfo` (a clone of the migrated, seeded template)."""
    # As int4: psycopg sends a small Python int as int2, and a product of two int2 overflows (2000 tenants x 20).
    counts = {k: Int4(v) for k, v in PROFILES[profile].items() if type(v) is int}
    numbers = {**counts, "seed": VOLUME["seed"]}
    phases = {}
    began = time.monotonic()
    with psycopg.connect(conninfo, autocommit=True) as conn:
        indexes = conn.execute((sqlfiles.SQL / "volume" / "secondary_indexes.sql").read_text()).fetchall()
        try:  # superuser, or granted (Supabase's postgres is, through supautils)
            conn.execute("set session_replication_role = replica")
        except psycopg.errors.InsufficientPrivilege as exc:
            why = exc.diag.message_primary
            raise VolumeRefused(f"the volume load needs `set session_replication_role`: {why}") from None
        for index, _ in indexes:
            conn.execute(f"drop index {index}")
        for statement in sqlfiles.statements(sqlfiles.SQL / "volume" / "load.sql"):
            if re.search(r"^-- parallel:", statement, re.MULTILINE):
                _in_parallel(conninfo, statement, numbers)
            else:
                conn.execute(statement, numbers)
        conn.execute("set session_replication_role = origin")
        phases["rows"] = time.monotonic() - began
        _build(conninfo, [definition for _, definition in indexes])
        phases["indexes"] = time.monotonic() - began - phases["rows"]
        conn.execute("vacuum analyze")
        phases["analyze"] = time.monotonic() - began - phases["rows"] - phases["indexes"]
        tables = dict(
            conn.execute("select relname, n_live_tup from pg_stat_user_tables where schemaname = 'public'").fetchall()
        )
    return Loaded(rows=sum(tables.values()), seconds=time.monotonic() - began, phases=phases, tables=tables)


def query_names(conninfo: str) -> dict[str, str]:
    """The parameters of the typical queries: the largest tenant, its user, conversation and a rated message."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        message = conn.execute(
            "select message_id::text from message_feedback_summary where tenant_id = %s order by 1 limit 1",
            (volume_id("a", 1),),
        ).fetchone()[0]
    return {"tenant": volume_id("a", 1), "user": volume_id("b", 1), "conversation": volume_id("c", 1),
            "message": message}  # fmt: skip


def enable_statement_stats(conninfo: str) -> bool:
    """pg_stat_statements in the volume database, for the server clock's reading of the requests as executed;
    False where the server cannot have it (not preloaded, not installed)."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        try:
            conn.execute("create extension if not exists pg_stat_statements")
            conn.execute("select count(*) from pg_stat_statements")
        except psycopg.Error:
            return False
    return True
