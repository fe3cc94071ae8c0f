"""Exact domains (acceptance/domains.py): a CHECK's definition read as conditions, and the probes of a domain."""

from __future__ import annotations

from decimal import Decimal

import pytest

from acceptance import domains

# pg_get_constraintdef's output (PostgreSQL 15 and 18 print the same) and the conditions it states.
DEFINITIONS = {
    "CHECK ((role = ANY (ARRAY['user'::text, 'it''s'::text, '5'::text])))": {
        "role = 'user'",
        "role = 'it''s'",
        "role = '5'",
    },
    "CHECK (((char_length(title) >= 1) AND (char_length(title) <= 200)))": {
        "char_length(title) >= 1",
        "char_length(title) <= 200",
    },
    "CHECK ((cost_usd >= (0)::numeric))": {"cost_usd >= 0"},
    "CHECK ((cost_usd >= '-0.000001'::numeric))": {"cost_usd >= -0.000001"},
    "CHECK ((n >= '-1'::integer))": {"n >= -1"},
    "CHECK ((jsonb_typeof(metadata) = 'object'::text))": {"jsonb_typeof(metadata) = 'object'"},
    "CHECK ((slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'::text))": {"slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'"},
    "CHECK (((rating > 0) AND (rating < 6)))": {"rating > 0", "rating < 6"},
    # A shape the contract never states stays whole, so it shows as Extra beside what is Missing.
    "CHECK (((role = ANY (ARRAY['a'::text])) OR (role = 'x'::text)))": {
        "(role = ANY (ARRAY['a'::text])) OR (role = 'x'::text)"
    },
}


@pytest.mark.parametrize("definition", list(DEFINITIONS))
def test_definition_reads_as_its_conditions(definition):
    """Each comparison of a CHECK, casts and parentheses removed, is one condition; ANY(ARRAY) one per value."""
    assert domains.conditions(definition) == DEFINITIONS[definition]


@pytest.mark.parametrize(
    ("spec", "definition"),
    [
        ({"column": "role", "values": ["user", "tool"]}, "CHECK ((role = ANY (ARRAY['user'::text, 'tool'::text])))"),
        ({"column": "rating", "between": [1, 5]}, "CHECK (((rating >= 1) AND (rating <= 5)))"),
        (
            {"column": "title", "length": [1, 200]},
            "CHECK (((char_length(title) >= 1) AND (char_length(title) <= 200)))",
        ),
        ({"column": "cost_usd", "at_least": 0}, "CHECK ((cost_usd >= (0)::numeric))"),
    ],
)
def test_contract_and_server_spell_a_domain_alike(spec, definition):
    """A [domains] entry and the server's definition of the same CHECK have the same conditions."""
    assert domains.contract_conditions(spec) == domains.conditions(definition)


def test_probes_are_the_bounds_and_their_neighbours():
    """A range yields each bound (all of a short one) allowed and its neighbours, at the column's scale, refused."""
    rating = domains.probes({"column": "rating", "between": [1, 5]})
    assert {p.value: p.allowed for p in rating} == {1: True, 2: True, 3: True, 4: True, 5: True, 0: False, 6: False}
    cost = domains.probes({"column": "cost_usd", "at_least": 0}, "numeric(14,6) not null")
    assert [(p.value, p.allowed) for p in cost] == [(Decimal(0), True), (Decimal("-0.000001"), False)]
    title = domains.probes({"column": "title", "length": [1, 200]})
    assert [(len(p.value), p.allowed) for p in title] == [(1, True), (200, True), (0, False), (201, False)]


def test_value_probes_refuse_case_whitespace_empty_and_extras():
    """A list of values yields each value allowed; case and whitespace variants, '' and the extras refused."""
    found = {p.value: p.allowed for p in domains.probes({"column": "role", "values": ["user"], "extra": ["dev"]})}
    assert found == {
        "user": True,
        "dev": False,
        "User": False,
        "USER": False,
        " user": False,
        "user ": False,
        "": False,
    }
