"""The named identities (contract/identities.toml) are what they say: every seeded one is in the seed, every kept
one in the clean-up test's rows, every absent one nowhere; the data files refer to them in one syntax ("@name"),
and no test or data file writes an id out."""

from __future__ import annotations

import re
import tomllib

import pytest

from acceptance import contract, identities, sqlfiles
from selftests.conftest import ROOT

DATA = contract.load("identities")
SEED = sqlfiles.SEED.read_text()
KEPT = (sqlfiles.SQL / "queries" / "seed" / "non_test_tenant.sql").read_text()
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Names a data file lends its own references besides the identities (the test passes them as `local`).
LOCAL = {"functions.toml": {"tenant", "user", "today"}, "advisor.toml": {"own", "exposed"}}


@pytest.mark.parametrize("name", list(identities.seeded()))
def test_a_seeded_identity_is_in_the_seed(name):
    assert f"'{identities.names()[name]}'" in SEED, f"identities.toml {name}: not in {sqlfiles.SEED.name}"


@pytest.mark.parametrize("name", list(DATA["kept"]))
def test_a_kept_identity_is_in_the_clean_up_tests_rows(name):
    assert f"'{DATA['kept'][name]}'" in KEPT


@pytest.mark.parametrize("name", list(DATA["absent"]))
def test_an_absent_identity_is_nowhere(name):
    value = DATA["absent"][name]
    assert value not in SEED and value not in KEPT, f"identities.toml {name} ({value}) exists after all"


def references(value) -> list[str]:
    if isinstance(value, dict):
        return [r for v in value.values() for r in references(v)]
    if isinstance(value, list):
        return [r for v in value for r in references(v)]
    return [value] if identities.is_reference(value) else []


@pytest.mark.parametrize("path", sorted(contract.DATA.glob("*.toml")), ids=lambda p: p.name)
def test_every_reference_in_the_data_resolves_and_no_id_is_written_out(path):
    """Each "@name" of a data file is an identity (or a name the file lends itself); ids live in identities.toml."""
    data = tomllib.loads(path.read_text())
    local = dict.fromkeys(LOCAL.get(path.name, ()), "lent")
    unresolved = []
    for ref in references(data):
        try:
            identities.resolve(ref, new_ids={}, local=local)
        except identities.UnknownIdentity as exc:
            unresolved.append(str(exc))
    assert not unresolved, f"{path.name}: {unresolved}"
    if path.name != "identities.toml":
        assert not UUID.findall(path.read_text()), f"{path.name} writes ids out: name them in identities.toml"


@pytest.mark.parametrize("path", sorted((ROOT / "tests").glob("*.py")), ids=lambda p: p.name)
def test_no_test_writes_an_id_out(path):
    assert not UUID.findall(path.read_text()), f"{path.name}: refer to ids by name (acceptance.identities.resolve)"


def test_references_resolve_as_documented():
    fresh = {}
    assert identities.resolve("@alice") == DATA["seeded"]["users"]["alice"]
    assert identities.resolve("@null") is None
    assert (
        identities.resolve("@new:x", fresh)
        == identities.resolve(["@new:x"], fresh)[0]
        != identities.resolve("@random_uuid")
    )
    assert identities.resolve({"a": "@acme", "b": "plain"}) == {"a": DATA["seeded"]["tenants"]["acme"], "b": "plain"}
    with pytest.raises(identities.UnknownIdentity, match="@alcie: not a name"):
        identities.resolve("@alcie")
