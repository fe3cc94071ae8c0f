"""Option parsing and target safety of the harness."""

from __future__ import annotations

import pytest

from acceptance.target import ALLOWS, KINDS, Target, TargetError, redact, resolve_kind


@pytest.mark.parametrize(
    ("dsn", "target", "kind"),
    [
        (None, None, "disposable"),
        (None, "disposable", "disposable"),
        ("dbname=x", None, "staging"),
        ("dbname=x", "staging", "staging"),
        ("dbname=x", "production", "production"),
        ("dbname=x", "disposable", "disposable"),
    ],
)
def test_kind_follows_the_options(dsn, target, kind):
    """Without --dsn the target is the suite's own disposable server; with it, staging unless said otherwise."""
    assert resolve_kind(dsn, target) == kind


@pytest.mark.parametrize(("dsn", "target"), [(None, "staging"), (None, "production"), ("dbname=x", "prod")])
def test_impossible_targets_are_refused(dsn, target):
    """A writable-looking target without a database, or an unknown kind, is a usage error."""
    with pytest.raises(TargetError):
        resolve_kind(dsn, target)


def test_only_disposable_targets_commit_and_production_never_writes():
    """The safety table: production allows nothing, staging writes only rolled back, disposable all."""
    assert {"disposable": {"writes", "commits"}, "staging": {"writes"}, "production": set()} == ALLOWS
    assert not Target(kind="production", conninfo="").allows("writes")
    assert set(KINDS) == set(ALLOWS)


def test_messages_never_show_the_password():
    """A DSN in an error message has its password masked."""
    shown = redact("postgresql://app:s3cret@db.example:5432/main")
    assert "s3cret" not in shown
    assert "password=***" in shown
    assert "dbname=main" in shown
