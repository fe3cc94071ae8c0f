"""The RLS access matrix engine: its cells (contract/access_matrix.toml), how one is run as its actor and judged,
and how a failing one explains itself.

A cell runs one statement from sql/queries/rls/ as PostgREST would (`acting_as`), inside a savepoint of the
caller's transaction. A refused write is asserted by SQLSTATE and message (`acceptance.errors.refused`); a
refused or empty write must leave its table exactly as it was; every failure message starts with the
actor banner and names the cell.
"""

from __future__ import annotations

import functools
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from acceptance import catalog, contract, sqlfiles
from acceptance.errors import refused
from acceptance.identities import resolve
from acceptance.impersonation import Actor, Request, acting_as, actors

MATRIX = contract.load("access_matrix")
PRIVILEGES = contract.load("privileges")["objects"]
WRITES = ("insert", "update", "delete", "execute")
CELL_PROPERTY = "rls_cell"


def query(name: str) -> str:
    """A statement from sql/queries/rls/, by file name without extension."""
    return sqlfiles.query("rls", name)


# --- outcomes -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What the matrix expects: rows, a refusal (SQLSTATE and message), or a function's value."""

    text: str
    rows: int | None = None
    sqlstate: str | None = None
    message: str | None = None
    returns: str | None = None  # "own tenant" or "null"


@functools.cache
def outcome(text: str) -> Outcome:
    if text in MATRIX["outcomes"]:
        spec = MATRIX["outcomes"][text]
        return Outcome(text, sqlstate=spec["sqlstate"], message=spec["message"])
    if match := re.fullmatch(r"(\d+) rows?", text):
        return Outcome(text, rows=int(match[1]))
    if text in ("own tenant", "null"):
        return Outcome(text, returns=text)
    raise ValueError(f"access_matrix.toml: unknown outcome {text!r}")


@dataclass(frozen=True)
class Found:
    """What happened: rows seen, affected or returned, or the server's refusal."""

    count: int | None = None
    rows: tuple = ()
    sqlstate: str | None = None
    message: str | None = None

    def __str__(self) -> str:
        if self.sqlstate:
            return f"{self.sqlstate} {self.message}"
        return f"{self.count} row{'' if self.count == 1 else 's'}"


# --- cells --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    object: str
    command: str
    actor: str  # the matrix's actor: anon, owner, same_tenant, other_tenant, stranger, service_role
    outcome: Outcome

    @property
    def id(self) -> str:
        return f"{self.object}-{self.command}-{self.actor}"

    @property
    def query(self) -> str:
        return f"{self.object}_{self.command}"

    @property
    def spec(self) -> dict[str, Any]:
        return MATRIX["objects"][self.object]

    @property
    def table(self) -> str | None:
        """The table this cell's write changes, or None for a read."""
        return self.spec.get("table") if self.command in WRITES else None

    @property
    def request(self) -> Request:
        return Request.for_command(self.object, self.command)

    @property
    def items(self) -> list[str]:
        """The checklist items the cell proves (access_matrix.toml [checklist])."""
        proves = MATRIX["checklist"]
        schema = contract.schema()
        viewed = self.command == "select" and self.object in schema["views"].keys() | schema["matviews"].keys()
        return [*proves[self.command], *(proves["view_select"] if viewed else [])]

    def context(self, actor: Actor) -> str:
        """Who ran it, the cell, and where the matrix states its outcome."""
        return f"{actor.banner()} {self.id} (access_matrix.toml [objects.{self.object}] {self.command}.{self.actor})"


def cells() -> list[Cell]:
    """Every cell of the matrix, in the file's order of objects, the matrix's order of commands and actors."""
    order = MATRIX["matrix"]
    return [
        Cell(name, command, who, outcome(spec[command][who]))
        for name, spec in MATRIX["objects"].items()
        for command in order["commands"]
        if command in spec
        for who in order["actors"]
        if who in spec[command]
    ]


def granted(role: str, relation: str, privilege: str) -> bool:
    """Whether contract/privileges.toml grants `role` `privilege` on public.<relation>."""
    for kind in ("table", "view", "materialized view"):
        if (spec := PRIVILEGES.get(f"{kind} public.{relation}")) is not None:
            return privilege in spec.get(role, [])
    raise KeyError(f"privileges.toml has no relation public.{relation}")


def player(who: str) -> Actor:
    """The actor from actors.toml who plays one of the matrix's actors."""
    return actors()[MATRIX["matrix"]["cast"][who]]


def base_params(tenant: str | None, owner: str | None, user: str | None) -> dict[str, Any]:
    """The parameters every statement may use; a case's own `params` override them."""
    return {
        "tenant": tenant,
        "owner": owner,
        "user": user,
        "claimed_tenant": None,
        "date": resolve("@new_usage_date"),
        "new_id": str(uuid.uuid4()),
    }


def cell_params(cell: Cell, actor: Actor) -> dict[str, Any]:
    """A cell's parameters: the owner's tenant and user, the actor's own user, the object's reference rows."""
    owner = player("owner")
    params = base_params(owner.tenant_id, owner.user, actor.user or owner.user)
    params.update({key: resolve(value) for key, value in cell.spec.get("params", {}).items()})
    return params


def case_request(case: Mapping[str, Any]) -> Request:
    """The request of a cross-tenant case (its id is <object>-<command>-...) or a workload step (its query is
    <object>_<command>)."""
    if "id" in case:
        obj, command = case["id"].split("-")[:2]
    else:
        obj, command = case["query"].rsplit("_", 1)
    return Request.for_command(obj, command)


def case_params(case: Mapping[str, Any], actor: Actor, new_ids: dict[str, str] | None = None) -> dict[str, Any]:
    """A cross-tenant or workload case's parameters: the actor's own tenant and user, then the case's."""
    params = base_params(actor.tenant_id, actor.user, actor.user)
    params.update({key: resolve(value, new_ids) for key, value in case.get("params", {}).items()})
    return params


def prepare(conn: psycopg.Connection, name: str) -> str | None:
    """Bring an object's reference rows to today where the object depends on the date (current_day_usage),
    inside the caller's transaction. Returns why it cannot (a read-only target whose seed is from another day),
    else None."""
    today = MATRIX["objects"][name].get("today")
    if not today:
        return None
    params = {"today": resolve(today)}
    (stale,) = conn.execute(query("stale_today_usage"), params).fetchone()
    if stale and conn.read_only:
        return f"{name}: the seed's usage for today is from another day and this target is read-only"
    if stale:
        conn.execute(query("redate_today_usage"), params)
    return None


# --- running and judging ------------------------------------------------------------------------------------


def attempt(conn: psycopg.Connection, name: str, params: Mapping[str, Any]) -> Found:
    """Run a statement in a savepoint and say what happened, error or not."""
    try:
        with conn.transaction():
            cur = conn.execute(query(name), params)
            if cur.description is None:
                return Found(count=cur.rowcount)
            rows = tuple(cur.fetchall())
            return Found(count=len(rows), rows=rows)
    except psycopg.Error as exc:
        return Found(sqlstate=exc.sqlstate, message=exc.diag.message_primary)


def judge(found: Found, expected: Outcome, actor: Actor, context: str) -> None:
    """Assert that what happened is what the matrix says; the message starts with `context` (the banner)."""
    __tracebackhide__ = True
    if expected.sqlstate:
        assert found.sqlstate == expected.sqlstate and expected.message in (found.message or ""), (
            f"{context}: expected {expected.text} ({expected.message}), found {found}"
        )
        return
    assert found.sqlstate is None, f"{context}: expected {expected.text}, found {found}"
    if expected.returns is not None:
        value = found.rows[0][0] if found.rows else None
        wanted = actor.tenant_id if expected.returns == "own tenant" else None
        assert (None if value is None else str(value)) == wanted, (
            f"{context}: expected {expected.text} ({wanted}), found {value}"
        )
        return
    assert found.count == expected.rows, f"{context}: expected {expected.text}, found {found}"


# The SQL command a request's method stands for (POST to /rpc/ is EXECUTE).
COMMANDS = {"GET": "SELECT", "HEAD": "SELECT", "POST": "INSERT", "PATCH": "UPDATE", "DELETE": "DELETE"}


def _identity(conn: psycopg.Connection, actor: Actor, request: Request) -> str:
    """auth.uid() and the tenant helper as the actor sees them, or why they could not be read."""
    try:
        with acting_as(conn, actor, Request("GET", request.path)):
            uid, tenant = conn.execute(query("actor_identity")).fetchone()
        return f"auth.uid() = {uid}, private.current_tenant_id() = {tenant}"
    except psycopg.Error as exc:
        return f"auth.uid() / private.current_tenant_id() not readable as the actor: {exc.diag.message_primary}"


def explain(conn: psycopg.Connection, actor: Actor, request: Request, found: Found) -> str:
    """Why a cell came out as it did: the actor's claims, who the policies think it is, the policies that apply to
    the request's table, command and role, and the rows it saw."""
    obj = request.path.rsplit("/", 1)[-1]
    table = MATRIX["objects"].get(obj, {}).get("table", obj)
    command = "EXECUTE" if request.path.startswith("/rpc/") else COMMANDS[request.method]
    policies = conn.execute(
        query("applicable_policies"), {"table": table, "command": command, "role": actor.role}
    ).fetchall()
    lines = [
        f"    request: {request.method} {request.path} as {actor.role}; claims {json.dumps(actor.claims(0))}",
        f"    {_identity(conn, actor, request)}",
        f"    policies on public.{table} for {command} to {actor.role}: " + ("" if policies else "none")
        if command != "EXECUTE"
        else f"    {obj} is a function: no policies of its own; those of the tables it touches apply",
    ]
    lines += [
        f"      {name} ({'permissive' if permissive else 'restrictive'}, to {roles}, {cmd}): "
        f"USING {using or '-'}; WITH CHECK {with_check or '-'}"
        for name, permissive, roles, cmd, using, with_check in policies
    ]
    if found.rows:
        shown = ", ".join(str(row[0]) for row in found.rows[:10]) + (" ..." if len(found.rows) > 10 else "")
        lines.append(f"    rows seen ({len(found.rows)}): {shown}")
    return "\n".join(lines)


def check(
    conn: psycopg.Connection,
    actor: Actor,
    name: str,
    params: Mapping[str, Any],
    expected: Outcome,
    context: str,
    table: str | None = None,
    *,
    request: Request,
) -> Found:
    """Run statement `name` as `actor`, as PostgREST runs `request`, and assert `expected`. With `table`, a refused
    or empty write must leave that table exactly as it was, and a write of some rows must change it."""
    __tracebackhide__ = True
    before = catalog.table_checksum(conn, "public", table) if table else None
    with acting_as(conn, actor, request):
        if expected.sqlstate:
            with refused(conn, expected.sqlstate, context=context) as refusal:
                conn.execute(query(name), params)
            found = Found(sqlstate=refusal.sqlstate, message=refusal.message)
        else:
            found = attempt(conn, name, params)
    try:
        judge(found, expected, actor, context)
        if table:
            after = catalog.table_checksum(conn, "public", table)
            if expected.sqlstate or expected.rows == 0:
                assert after == before, (
                    f"{context}: {found}, yet public.{table} changed ({before[0]} rows before, {after[0]} after)"
                )
            else:
                assert after != before, f"{context}: {found}, yet public.{table} is unchanged"
    except AssertionError as failure:
        raise AssertionError(f"{failure}\n{explain(conn, actor, request, found)}") from None
    return found


def observe(conn: psycopg.Connection, cell: Cell) -> str | None:
    """What the cell's actor gets, in the matrix's words, inside a savepoint that is rolled back; None where it
    cannot be seen here (a write on a read-only target)."""
    if conn.read_only and cell.command in WRITES:
        return None
    actor = player(cell.actor)
    with conn.transaction(force_rollback=True):
        if prepare(conn, cell.object) is not None:  # a read-only target whose seed is from another day
            return None
        with acting_as(conn, actor, cell.request):
            found = attempt(conn, cell.query, cell_params(cell, actor))
    if found.sqlstate:
        known = [
            name
            for name, spec in MATRIX["outcomes"].items()
            if spec["sqlstate"] == found.sqlstate and spec["message"] in (found.message or "")
        ]
        return known[0] if known else f"{found.sqlstate} {found.message}"
    if cell.outcome.returns is not None:
        value = found.rows[0][0] if found.rows else None
        return "null" if value is None else "own tenant" if str(value) == actor.tenant_id else f"tenant {value}"
    return str(found)  # "N rows", as the matrix writes it


def visible(conn: psycopg.Connection, relation: str) -> set[tuple]:
    """(tenant, *key) of every row of a relation that the current role sees."""
    spec = MATRIX["isolation"][relation]
    statement = sql.SQL(query("visible_rows")).format(
        tenant=sql.Identifier(spec["tenant"]),
        key=sql.SQL(", ").join(sql.Identifier("t", column) for column in spec["key"]),
        relation=sql.Identifier("public", relation),
    )
    return {tuple(str(v) for v in row) for row in conn.execute(statement)}
