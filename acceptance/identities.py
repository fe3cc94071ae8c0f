"""Named identities (contract/identities.toml) and the one way data files refer to them: "@<name>".

resolve("@alice") is alice's user id; "@random_uuid" a UUID that exists nowhere, "@null" None, "@new:<label>" a
fresh UUID shared by every reference to the label within one case (`new_ids`). A test may lend names of its own
(`local`, e.g. {"today": date}). A string without "@" is a value as written; an unknown name is an error."""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Mapping
from typing import Any

from acceptance import contract

PREFIX = "@"


class UnknownIdentity(KeyError):
    """A data file refers to a name that contract/identities.toml (and the test) do not define."""


@functools.cache
def names() -> dict[str, str]:
    """Every named identity, flat: seeded tenants, users and rows, kept rows, absent ids."""
    data = contract.load("identities")
    groups = [*data["seeded"].values(), data["kept"], data["absent"]]
    found: dict[str, str] = {}
    for group in groups:
        if twice := set(found) & set(group):
            raise ValueError(f"identities.toml: names defined twice: {sorted(twice)}")
        found.update(group)
    return found


def seeded() -> dict[str, str]:
    """The identities the seed creates (tenants, users and rows)."""
    return {k: v for group in contract.load("identities")["seeded"].values() for k, v in group.items()}


REFERENCE = re.compile(r"@[a-z][a-z0-9_]*(?::[a-z0-9_]+)?")  # not "@supabase/postgres-meta", a package


def is_reference(value: Any) -> bool:
    return isinstance(value, str) and REFERENCE.fullmatch(value) is not None


def resolve(value: Any, new_ids: dict[str, str] | None = None, local: Mapping[str, Any] | None = None) -> Any:
    """A value from the data with its references resolved (lists and mappings element-wise)."""
    if isinstance(value, list):
        return [resolve(v, new_ids, local) for v in value]
    if isinstance(value, Mapping):
        return {k: resolve(v, new_ids, local) for k, v in value.items()}
    if not is_reference(value):
        return value
    name = value.removeprefix(PREFIX)
    if name == "null":
        return None
    if name == "random_uuid":
        return str(uuid.uuid4())
    if name.startswith("new:"):
        if new_ids is None:
            raise UnknownIdentity(f"{value}: a fresh id needs a case to share it in")
        return new_ids.setdefault(name, str(uuid.uuid4()))
    if local is not None and name in local:
        return local[name]
    try:
        return names()[name]
    except KeyError:
        raise UnknownIdentity(f"{value}: not a name in contract/identities.toml") from None


def name_of(value: str) -> str:
    """The name a reference refers to ("@acme" -> "acme")."""
    if not is_reference(value):
        raise UnknownIdentity(f"{value!r} is not a reference (write @<name>)")
    return value.removeprefix(PREFIX)
