"""acceptance/sqlfiles.py: statements and their bare form, which the migration checks compare."""

from __future__ import annotations

import pytest
import sqlparse

from acceptance import sqlfiles

# The files the suite splits and compares (sql/ also holds statements that format refuses: over 10,000 tokens).
FILES = sqlfiles.deployment_files() + sqlfiles.rollback_files()
STATEMENTS = [s for path in FILES for s in sqlfiles.statements(path)]


def test_bare_drops_comments_as_sqlparse_format_does():
    """bare() reads comments with sqlparse's lexer instead of sqlparse.format (a quarter of the cost): on every
    statement of the migrations, the seed and the rollbacks it gives format's text, lower case, whitespace folded."""
    differing = [
        s[:80]
        for s in STATEMENTS
        if sqlfiles.bare(s) != " ".join(sqlparse.format(s, strip_comments=True).lower().split())
    ]
    assert len(STATEMENTS) > 100 and not differing, differing


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("select 1 -- the answer\nfrom t", "select 1 from t"),
        ("select '-- not a comment' /* but this */ from t", "select '-- not a comment' from t"),
        ("-- only a comment", ""),
        ("BEGIN;", "begin;"),
    ],
)
def test_bare(statement, expected):
    assert sqlfiles.bare(statement) == expected
