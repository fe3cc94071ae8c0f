"""The volume load (acceptance/volume.py, sql/volume/load.sql) is deterministic: two loads of a profile write the
same rows in the same physical order, which the plan baselines rely on (the planner reads the order as each
column's correlation), and leave the schema as the template has it."""

from __future__ import annotations

import psycopg

from acceptance import catalog, volume
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
