"""Test outcomes read back from the JUnit XML report of a suite run, by pytest node id, and node-id patterns."""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Outcome:
    """One test's result in a JUnit XML report."""

    nodeid: str
    status: str  # passed, failed, error or skipped
    message: str  # the reason: the assertion message, the skip reason
    details: str = ""  # the full report of a failure or error


def _nodeid(classname: str, name: str) -> str:
    """The pytest node id of a JUnit test case (the inverse of pytest's junitxml mangling, for module tests)."""
    module, _, rest = classname.partition(".Test")
    path = module.replace(".", "/") + ".py"
    return "::".join([path, *(["Test" + rest] if rest else []), name])


def outcomes(report: Path) -> dict[str, Outcome]:
    """Every test case of a JUnit XML report, by node id."""
    found = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        status, message, details = "passed", "", ""
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                status, message, details = child.tag, child.get("message", ""), child.text or ""
        nodeid = _nodeid(case.get("classname", ""), case.get("name", ""))
        found[nodeid] = Outcome(nodeid, "failed" if status == "failure" else status, message, details)
    return found


@functools.cache
def _compiled(pattern: str) -> re.Pattern:
    body = ".*".join(re.escape(part) for part in pattern.split("*"))
    return re.compile(body + r"(?:(?:::|\[).*)?", re.DOTALL)


def pattern_matches(pattern: str, nodeid: str) -> bool:
    """A mutation's `caught_by`: `tests/test_x.py` matches its tests, `...::test_y` its parametrizations; `*`
    matches any text."""
    return _compiled(pattern).fullmatch(nodeid) is not None
