"""Load a volume profile (contract/volume.toml) into a disposable database, set-based, and say where the time went.

The load drops the secondary indexes, writes the rows with triggers and foreign-key checks off (every derived
column is written as the triggers would write it, sql/volume/load.sql), builds each table's indexes again from
their own definitions as soon as its rows are written, and vacuums and analyses. `loading` runs it in a thread on
a clone of the template (plugins/volume.py starts it with the run); the caller checks that the schema is unchanged
afterwards.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from psycopg import sql
from psycopg.types.numeric import Int4

from acceptance import catalog, contract, sqlfiles
from acceptance.impersonation import Actor
from acceptance.target import Target, janitor

VOLUME = contract.load("volume")
PROFILES = VOLUME["profiles"]


class VolumeRefused(RuntimeError):
    """The target does not let the load switch triggers off (`session_replication_role`)."""


@dataclass(frozen=True)
class Loaded:
    rows: int
    seconds: float
    # seconds per phase, in order: rows (finished tables' index builds run meanwhile), indexes (the builds still
    # running after the last row), analyze
    phases: dict[str, float]
    tables: dict[str, int]  # rows per public table


def volume_id(prefix: str, n: int) -> str:
    """The recognisable ids of the load: tenant n is a0000000-...-n, user b..., conversation c..., message d..."""
    return f"{prefix}0000000-0000-4000-8000-{n:012x}"


# The largest tenant's first user, who owns the largest conversation; the typical queries run as this user.
LARGEST_TENANT_USER = Actor(
    name="largest_tenant_user", role="authenticated", user=volume_id("b", 1), tenant="volume-1",
    tenant_id=volume_id("a", 1),
)  # fmt: skip


COPY_CHUNK = 128 * 1024  # bytes the COPY pipe passes on at a time

# `[with ...] insert into TABLE (COLUMNS) select ...`, as load.sql writes the statements it marks `-- in parts`: the
# last INSERT, the one after the WITH list (whose queries may insert too).
INSERT_SELECT = re.compile(
    r"^\s*(?:(with\b.*\S)\s+)?insert\s+into\s+(\S+)\s*\(([^)]*)\)\s*(select\b.*?);?\s*$", re.IGNORECASE | re.DOTALL
)
INSERT_INTO = re.compile(r"\binsert\s+into\s+(\S+)", re.IGNORECASE)


def copy_in_parts(conninfo: str, statement: str, numbers: dict) -> None:
    """Run a [WITH ...] INSERT ... SELECT once per part, part 0 .. parts-1 one after another, each from its own
    seed, as a pipe of two COPYs: its query out of one connection (in binary, cast to the columns' types; the WITH
    list's own inserts run there) into the table on another, in one transaction that drops the table's insert
    triggers for the COPY and creates them again (copy_triggers.sql). COPY writes rows in batches, without the
    executor's per-row work, and the two ends run on two cores: 1M messages in 1.9-2.0 s alone, against 3.0 s
    inserted by one connection and 2.8 s through the pipe with the triggers in place. The parts run one after
    another, so their rows land in the same order at every load (selftests/test_volume_load.py)."""
    found = INSERT_SELECT.match(sqlfiles.uncommented(statement))
    if not found:
        raise ValueError(
            f"a statement marked `-- in parts` must be [WITH ...] INSERT INTO t (columns) SELECT ...: {statement}"
        )
    with_list, table, listed, query = found.groups()
    columns = [column.strip() for column in listed.split(",")]
    parts = VOLUME["parts"]
    with psycopg.connect(conninfo, autocommit=True) as source, psycopg.connect(conninfo, autocommit=True) as sink:
        types = {row["name"]: row["type"] for row in catalog.catalog(source, "column_types", table=table)}
        # Binary COPY carries no types: each value must already be of its column's type (an int into a bigint
        # column is refused, "insufficient data left in message").
        # The WITH list stays on top: a query in it that inserts may only stand there.
        typed = sql.SQL("{} select {} from ({}) as q ({})").format(
            sql.SQL(with_list or ""),
            sql.SQL(", ").join(sql.SQL("q.{}::{}").format(sql.Identifier(c), sql.SQL(types[c])) for c in columns),
            sql.SQL(query),
            sql.SQL(", ").join(map(sql.Identifier, columns)),
        )
        rows_out = sql.SQL("copy ({}) to stdout (format binary)").format(typed)
        rows_in = sql.SQL("copy {} ({}) from stdin (format binary)").format(sql.SQL(table), sql.SQL(listed))
        for conn in (source, sink):  # the source too: a query of the WITH list may insert
            conn.execute("set session_replication_role = replica")
        with sink.transaction():  # a failed load leaves the triggers as they were
            dropped = (sqlfiles.SQL / "volume" / "copy_triggers.sql").read_text()
            triggers = sink.execute(dropped, {"table": table}).fetchall()
            for drop, _ in triggers:
                sink.execute(drop)
            for n in range(parts):
                _copy_part(source, sink, rows_out, rows_in, {**numbers, "part": Int4(n), "parts": Int4(parts)})
            for _, create in triggers:
                sink.execute(create)


def _copy_part(
    source: psycopg.Connection, sink: psycopg.Connection, rows_out: sql.Composed, rows_in: sql.Composed, params: dict
) -> None:
    """One part of a statement marked `-- in parts`, from its own seed, piped from `source` into `sink`."""
    source.execute("select setseed(%s)", (part_seed(params, params["part"]),))
    with source.cursor().copy(rows_out, params) as out, sink.cursor().copy(rows_in) as write:
        # The server sends a message per row: passed on in chunks, not row by row (1M messages: 0.56 s of Python
        # instead of 1.0 s).
        chunk = bytearray()
        for data in out:
            chunk += data
            if len(chunk) >= COPY_CHUNK:
                write.write(chunk)
                chunk = bytearray()
        write.write(chunk)


def _written(statement: str) -> list[str]:
    """The tables a statement of load.sql inserts into, as it names them (those of its WITH list included)."""
    return INSERT_INTO.findall(sqlfiles.uncommented(statement))


def _run(conninfo: str, statement: str, settings: dict[str, str] | None = None) -> None:
    """One statement on a connection of its own: an index build takes a SHARE lock and a VACUUM a SHARE UPDATE
    EXCLUSIVE lock on their own table, so neither waits for another, nor for the load's reads of that table."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        for name, value in (settings or {}).items():
            conn.execute("select set_config(%s, %s, false)", (name, value))
        conn.execute(statement)


def _in_turn(conninfo: str, statement: str, numbers: dict, then: Callable[[], None]) -> None:
    """A statement marked `-- beside`, on a connection of its own (one thread runs them one after another), from
    the profile's seed: what it writes does not depend on what runs beside it."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("set session_replication_role = replica")
        conn.execute("select setseed(%s)", (numbers["seed"],))
        conn.execute(statement, numbers)
    then()


@contextmanager
def _pool(workers: int, name: str) -> Iterator[ThreadPoolExecutor]:
    """Threads for the load's own connections. When the load fails (a run that stops first ends its sessions),
    what is still queued is dropped, not started on new connections."""
    pool = ThreadPoolExecutor(workers, thread_name_prefix=name)
    try:
        yield pool
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise
    pool.shutdown()


def parameters(profile: str) -> dict:
    """load.sql's parameters for a profile: its numbers and the seed (a statement in parts adds part and parts)."""
    # As int4: psycopg sends a small Python int as int2, and a product of two int2 overflows (2000 tenants x 20).
    return {**{k: Int4(v) for k, v in PROFILES[profile].items() if type(v) is int}, "seed": VOLUME["seed"]}


def part_seed(numbers: dict, part: int) -> float:
    """The random seed of one part of a statement marked `-- in parts` (load.sql: setseed(seed + part / 100))."""
    return numbers["seed"] + part / 100


def load(conninfo: str, profile: str) -> Loaded:
    """Load `profile` into the database at `conninfo` (a clone of the migrated, seeded template).

    A table's secondary indexes are built, `parts` at a time, as soon as the statement that writes its last rows
    has run, beside the rest of the load; the phase `indexes` is the builds' time after the last row.
    """
    numbers = parameters(profile)
    statements = sqlfiles.statements(sqlfiles.SQL / "volume" / "load.sql")
    last_write = {table: n for n, statement in enumerate(statements) for table in _written(statement)}
    completes: dict[int, list[str]] = {}  # statement n writes the last rows of these tables
    for table, n in last_write.items():
        completes.setdefault(n, []).append(table)
    phases = {}
    began = time.monotonic()
    with psycopg.connect(conninfo, autocommit=True) as conn:
        indexes = conn.execute((sqlfiles.SQL / "volume" / "secondary_indexes.sql").read_text()).fetchall()
        try:  # superuser, or granted (Supabase's postgres is, through supautils)
            conn.execute("set session_replication_role = replica")
        except psycopg.errors.InsufficientPrivilege as exc:
            why = exc.diag.message_primary
            raise VolumeRefused(f"the volume load needs `set session_replication_role`: {why}") from None
        unbuilt: dict[str, list[str]] = {}  # table: its indexes' definitions
        for index, table, definition in indexes:
            conn.execute(f"drop index {index}")
            unbuilt.setdefault(table, []).append(definition)
        with _pool(VOLUME["parts"], "volume-index") as builder, _pool(1, "volume-beside") as beside:
            builds: list[Future] = []

            def build(*tables: str) -> None:
                for table in tables:
                    for definition in unbuilt.pop(table, []):
                        builds.append(builder.submit(_run, conninfo, definition, VOLUME["index_build"]))

            besides = []
            for n, statement in enumerate(statements):
                then = functools.partial(build, *completes.get(n, []))
                if re.search(r"^-- in parts:", statement, re.MULTILINE):
                    copy_in_parts(conninfo, statement, numbers)
                    then()
                elif re.search(r"^-- beside:", statement, re.MULTILINE):
                    besides.append(beside.submit(_in_turn, conninfo, statement, numbers, then))
                else:
                    conn.execute(statement, numbers)
                    then()
            for running in besides:
                running.result()
            phases["rows"] = time.monotonic() - began
            build(*list(unbuilt))  # tables the load does not write
            for running in builds:
                running.result()
        conn.execute("set session_replication_role = origin")
        phases["indexes"] = time.monotonic() - began - phases["rows"]
        with _pool(VOLUME["parts"], "volume-vacuum") as vacuum:
            tables = [name for (name,) in conn.execute(sqlfiles.catalog_query("user_tables")).fetchall()]
            list(vacuum.map(lambda table: _run(conninfo, f"vacuum (analyze) {table}"), tables))
        phases["analyze"] = time.monotonic() - began - phases["rows"] - phases["indexes"]
        counted = "select relname, n_live_tup from pg_stat_user_tables where schemaname = 'public'"
        rows = dict(conn.execute(counted).fetchall())
    return Loaded(rows=sum(rows.values()), seconds=time.monotonic() - began, phases=phases, tables=rows)


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


@dataclass(frozen=True)
class Loading:
    profile: str
    conninfo: str
    schema: frozenset  # the template's catalog fingerprint, which the loaded database must still have
    result: Future  # of _load_and_read's tuple


def _load_and_read(conninfo: str, profile: str) -> tuple[Loaded, frozenset, bool, dict[str, str]]:
    """The load and what the tests read of it once; its own connections only (it runs in a thread)."""
    loaded = load(conninfo, profile)
    schema = frozenset(catalog.fingerprint(conninfo))
    statement_stats = enable_statement_stats(conninfo)  # after the fingerprint: it adds an extension
    return loaded, schema, statement_stats, query_names(conninfo)


@contextmanager
def loading(target: Target, profile: str) -> Iterator[Loading]:
    """A clone of the template, loading in a thread; at the end a load still running is ended, the clone dropped."""
    name = f"{target.template}_volume_{profile}"
    with janitor(target.conninfo, name, template=target.template):
        # Read here, not in the thread: a test's clone of the template ends every other session on it.
        schema = frozenset(catalog.fingerprint(target.conninfo_for(target.template)))
        conninfo = target.conninfo_for(name)
        with ThreadPoolExecutor(1, thread_name_prefix="volume-load") as pool:
            result = pool.submit(_load_and_read, conninfo, profile)
            try:
                yield Loading(profile, conninfo, schema, result)
            finally:
                if not result.done():  # the run stopped first (-x, Ctrl-C): end the load rather than wait for it
                    with psycopg.connect(target.conninfo, autocommit=True) as conn:
                        conn.execute(sqlfiles.catalog_query("end_sessions"), {"dbname": name})
