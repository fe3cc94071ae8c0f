"""The pre-release gate's security diff: the access matrix as this run observes it and every grant of the API roles
are saved (security.json beside the deployment report); given the last release's (`--security-baseline FILE`),
every change is listed (printed, and in security-diff.txt beside it) and a widening fails unless
contract/security_accepted.toml accepts it.
"""

from __future__ import annotations

import pytest

from acceptance import contract, security, sqlfiles
from acceptance.report.checklist import by_id, load_checklist
from acceptance.rls import cells, observe

pytestmark = [pytest.mark.rls, pytest.mark.privileges, pytest.mark.usefixtures("seeded")]

ENDANGERS = by_id(load_checklist())[contract.load("privileges")["checklist"]["extra"]].title


def surface(db) -> dict:
    """This run's security surface: each cell's observed outcome (where observable) and each grant."""
    observed = {cell.id: observe(db, cell) for cell in cells()}
    grantees = contract.load("privileges")["grantees"]
    grants = {f"{o}: {g} {p}" for o, g, p in db.execute(sqlfiles.catalog_query("privileges"), {"grantees": grantees})}
    return security.snapshot({k: v for k, v in observed.items() if v is not None}, grants)


def test_security_surface_against_the_last_release(db, security_baseline, security_snapshot_path):
    """This run's matrix and grants are saved; against the baseline, no widening goes unaccepted."""
    current = surface(db)
    if security_snapshot_path is not None:
        security.save(security_snapshot_path, current)
    where = security_snapshot_path or "nowhere (no report directory)"
    if security_baseline is None:
        pytest.skip(f"no --security-baseline to compare with; this run's surface is saved to {where}")
    changes = security.diff(security.load(security_baseline), current)
    listing = [f"against {security_baseline}: {len(changes)} change(s)", *map(str, changes)]
    print(*listing, sep="\n")
    if security_snapshot_path is not None:
        (security_snapshot_path.parent / "security-diff.txt").write_text("\n".join(listing) + "\n", encoding="utf-8")
    allowed = security.accepted()
    refused = [c for c in changes if c.widening and c.key not in allowed]
    assert not refused, (
        f"endangers {ENDANGERS}: the security surface widened since {security_baseline} (accept a widening in "
        "contract/security_accepted.toml, with its reason):\n    " + "\n    ".join(map(str, refused))
    )
