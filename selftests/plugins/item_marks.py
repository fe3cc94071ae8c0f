"""Plugin for a self-test: writes each collected test's marker names as JSON to the file named by ITEM_MARKS_OUT."""

import json
import os

import pytest


def pytest_collection_finish(session: pytest.Session) -> None:
    found = {item.nodeid: sorted({mark.name for mark in item.iter_markers()}) for item in session.items}
    with open(os.environ["ITEM_MARKS_OUT"], "w", encoding="utf-8") as fh:
        json.dump(found, fh)
