"""Plugin: tests marked `slow` (they wait seconds by design, e.g. for anon's 3 s statement timeout) run after all
the others, so that a run that stops at its first failure (-x; every mutation self-test) rarely waits for them."""

from __future__ import annotations

import pytest


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.get_closest_marker("slow") is not None)  # stable: the rest keep their order
