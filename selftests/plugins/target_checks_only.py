"""Plugin for the self-tests' whole-suite runs against a target: deselects the TypeScript checks that never read the
target (the fix command on a server of its own, the compiler on the sample app and on the broken samples). They
judge the repository and do the same work in every run: about 6 of the 8.5 CPU-seconds the types commands cost a
run, in eight such runs. The types section's own self-tests (test_mutations) run them all; the generator on the
target (`generated`) still runs here. Deselected by hook, not --deselect: the run stays a whole-suite run."""

import pytest

TARGET_FREE = {"again", "tsc", "tsc-broken"}  # acceptance/typecheck.py COMMANDS that do not connect to the target


@pytest.hookimpl(tryfirst=True)  # before -m deselects: every collected test is seen, so the assert below holds
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    kept, dropped = [], []
    for item in items:
        commands = {name for mark in item.iter_markers("types_commands") for name in mark.args}
        (dropped if commands & TARGET_FREE else kept).append(item)
    assert dropped, "no test judges the target-free TypeScript commands any more: this plugin has nothing to do"
    config.hook.pytest_deselected(items=dropped)
    items[:] = kept
