"""Plugin: the TypeScript checks' commands (acceptance/typecheck.py), started as the run starts when it selects
any `types` test, and judged by tests/test_types.py at the end: the 5-6 s they take pass beside the other modules
instead of after them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from acceptance import typecheck
from acceptance.target import Target, janitor


@pytest.fixture(scope="session")
def types_schema_dsn(target: Target) -> Iterator[str]:
    """The migrated schema: a clone of the template where the target has one, else the target as it is."""
    if not target.template:
        # staging or production: the generator only reads the catalogs.
        yield target.conninfo
        return
    name = f"{target.template}_types"
    with janitor(target.conninfo, name, template=target.template):
        yield target.conninfo_for(name)


@pytest.fixture(scope="session")
def launched(
    request: pytest.FixtureRequest, types_schema_dsn: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[typecheck.Launched, Path]]:
    """The slow commands the selected tests judge (their `types_commands` marks), started at once; the tests wait
    for the one they judge."""
    out = tmp_path_factory.mktemp("types")
    wanted = {
        name for item in request.session.items for mark in item.iter_markers("types_commands") for name in mark.args
    }
    # A run of the types tests alone (as the types mutation self-tests make) waits for these commands and nothing else:
    # at the lowest priority, beside another run on the same cores, they took 10-14 s instead of about 8.
    alone = all(item.get_closest_marker("types") for item in request.session.items)
    started = typecheck.launch(types_schema_dsn, out, request.config.getoption("pg_bin"), wanted, yielding=not alone)
    try:
        yield started, out
    finally:
        started.stop()


@pytest.fixture(scope="session", autouse=True)
def types_started_early(request: pytest.FixtureRequest) -> None:
    """Starts the commands with the run's first test when a `types` test is selected. Not on an xdist worker: it
    collects every test but runs only some, so there the first types test starts them, as any fixture."""
    if hasattr(request.config, "workerinput"):
        return
    if any(item.get_closest_marker("types") for item in request.session.items):
        request.getfixturevalue("launched")
