"""The volume load (acceptance/volume.py, sql/volume/load.sql) is deterministic: two loads of a profile write the
same rows in the same physical order, which the plan baselines rely on (the planner reads the order as each
column's correlation), and leave the schema as the template has it; its COPY pipe writes what load.sql says."""

from __future__ import annotations

import psycopg
from psycopg.types.numeric import Int4

from acceptance import catalog, sqlfiles, volume
from acceptance.target import janitor
from selftests.snapshot import DATA


def _load(server, template: str, name: str) -> tuple[list[tuple], frozenset]:
    with janitor(server.conninfo(), name, template=template):
        volume.load(server.conninfo(name), "small")
        with psycopg.connect(server.conninfo(name)) as conn:
            rows = conn.execute((DATA / "volume_rows.sql").read_text()).fetchall()
        return rows, frozenset(catalog.fingerprint(server.conninfo(name)))


def test_two_loads_write_the_same_rows_in_the_same_order(server, template):
    first, schema = _load(server, template, f"{template}_volume_a")
    second, _ = _load(server, template, f"{template}_volume_b")
    differ = [f"{a[0]}: {a[1]} rows {a[2]} / {b[1]} rows {b[2]}" for a, b in zip(first, second, strict=True) if a != b]
    assert not differ, "two loads of the small profile differ: " + "; ".join(differ)
    assert schema == frozenset(catalog.fingerprint(server.conninfo(template))), "the load changed the schema"


# What the statement marked `-- in parts` decides of each table it writes, in key order.
WRITTEN = {
    "messages": "select count(*), md5(string_agg(row(id, conversation_id, tenant_id, role, content, input_tokens,"
    " output_tokens, created_at)::text, ',' order by id)) from public.messages",
    "feedback": "select count(*), md5(string_agg(row(message_id, tenant_id, user_id, rating)::text, ','"
    " order by message_id, user_id)) from public.feedback",
}


def _in_parts_written(conninfo: str, pipe: bool) -> dict[str, tuple]:
    """The load's statements up to its first `-- in parts` run on one connection, from the seed; that one then
    through the COPY pipe, or as it is written, part after part from the same seeds."""
    statements = sqlfiles.statements(sqlfiles.SQL / "volume" / "load.sql")
    numbers = volume.parameters("small")
    parts = volume.VOLUME["parts"]
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("set session_replication_role = replica")
        for statement in statements:
            if "-- in parts:" not in statement:
                conn.execute(statement, numbers)
                continue
            if pipe:
                volume.copy_in_parts(conninfo, statement, numbers)
            else:
                for n in range(parts):
                    conn.execute("select setseed(%s)", (volume.part_seed(numbers, n),))
                    conn.execute(statement, {**numbers, "part": Int4(n), "parts": Int4(parts)})
            return {table: conn.execute(query).fetchone() for table, query in WRITTEN.items()}
    raise AssertionError("load.sql has no statement marked `-- in parts`")


def test_the_copy_pipe_writes_what_its_statement_would(server, template):
    """A statement marked `-- in parts` goes through two COPYs, its query rewritten around casts to the columns'
    types, and the table's insert triggers dropped meanwhile: it must write the values its text says (case and
    all), in every table it writes, and leave the triggers as they were."""
    written = {}
    for pipe in (True, False):
        name = f"{template}_volume_{'pipe' if pipe else 'plain'}"
        with janitor(server.conninfo(), name, template=template):
            written[pipe] = _in_parts_written(server.conninfo(name), pipe)
            if pipe:
                assert frozenset(catalog.fingerprint(server.conninfo(name))) == frozenset(
                    catalog.fingerprint(server.conninfo(template))
                ), "the COPY pipe changed the schema (its dropped triggers not restored as they were)"
    differ = [f"{table}: {written[True][table]} piped, {written[False][table]} as written" for table in WRITTEN
              if written[True][table] != written[False][table]]  # fmt: skip
    assert not differ, "the COPY pipe writes other rows than its statement: " + "; ".join(differ)
