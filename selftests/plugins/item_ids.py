"""Plugin for a self-test: writes each collected test's checklist ids (the suite's own ITEM_IDS) as JSON to the
file named by ITEM_IDS_OUT."""

import json
import os

import pytest

from plugins.stash import ITEM_IDS


def pytest_collection_finish(session: pytest.Session) -> None:
    ids = session.config.stash[ITEM_IDS]
    found = {item.nodeid: ids.get(item.nodeid, []) for item in session.items}
    with open(os.environ["ITEM_IDS_OUT"], "w", encoding="utf-8") as fh:
        json.dump(found, fh)
