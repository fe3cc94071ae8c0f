"""A snapshot of everything a run could leave behind in a database and its cluster, and the differences between two.

Facets, each a mapping from an object to its state:
- catalog: the suite's own fingerprint (sql/catalog/fingerprint.sql) of the schemas the migrations touch;
- rows: row count and content checksum of every table and materialized view (sql/catalog/table_checksum.sql);
- one facet per query in selftests/data/residue/: objects, roles, sequences, settings.
Statistics are left out on purpose (see the queries' headers): a rolled-back or read-only run moves them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import psycopg
from psycopg.conninfo import make_conninfo

from acceptance import catalog, diff

DATA = Path(__file__).resolve().parent / "data"
FACETS = sorted((DATA / "residue").glob("*.sql"))

Snapshot = dict[str, dict[str, str]]


def _unique(rows: list[tuple[str, str]], facet: str) -> dict[str, str]:
    found = dict(rows)
    assert len(found) == len(rows), f"the {facet} facet names an object twice; its query needs a sharper key"
    return found


def take(conninfo: str) -> Snapshot:
    """The state of the database `conninfo` names and of its cluster, read on a connection of its own."""
    # Names come out schema-qualified whatever search_path the role has stored (Supabase's roles store theirs).
    conninfo = make_conninfo(conninfo, options="-c search_path=pg_catalog")
    objects = [(f"{kind} {name}", digest) for kind, name, digest in catalog.fingerprint(conninfo)]
    facets: Snapshot = {"catalog": _unique(objects, "catalog")}
    with psycopg.connect(conninfo, autocommit=True) as conn:
        for path in FACETS:
            facets[path.stem] = _unique(conn.execute(path.read_text()).fetchall(), path.stem)
        rows = {}
        for name, schema, relation, populated in conn.execute((DATA / "residue_tables.sql").read_text()):
            if not populated:
                rows[name] = "not populated"
                continue
            count, digest = catalog.table_checksum(conn, schema, relation)
            rows[name] = f"{count} rows | {digest}"
        facets["rows"] = rows
    return facets


def differences(before: Mapping[str, Mapping[str, str]], after: Mapping[str, Mapping[str, str]]) -> list[str]:
    """One line per object that appeared (Extra), disappeared (Missing) or changed (Changed), by facet."""
    lines = []
    for facet in sorted(set(before) | set(after)):
        old, new = before.get(facet, {}), after.get(facet, {})
        extra, missing = diff.differences(new, old)
        lines += [f"{facet}: Extra:   {key} = {new[key]}" for key in extra]
        lines += [f"{facet}: Missing: {key} = {old[key]}" for key in missing]
        changed = sorted(key for key in set(old) & set(new) if old[key] != new[key])
        lines += [f"{facet}: Changed: {key}: {old[key]} -> {new[key]}" for key in changed]
    return lines
