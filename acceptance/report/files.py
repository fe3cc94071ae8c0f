"""Writing the report's files: atomically, and a JUnit file that never reads green when the run could not start."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path


def shown(path: Path) -> str:
    """A path as the terminal shows it: relative to the working directory where it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def write_atomically(path: Path, text: str) -> None:
    """Replace the file in one step, so that a reader never sees half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def junit_with_error(path: Path, message: str) -> None:
    """Add the run's start failure to its JUnit XML as an error (creating the file if pytest wrote none)."""
    if path.is_file():
        root = ET.parse(path).getroot()
    else:
        root = ET.Element("testsuites")
        ET.SubElement(root, "testsuite", name="pytest", errors="0", failures="0", skipped="0", tests="0")
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    case = ET.SubElement(suite, "testcase", classname="acceptance", name="the run could not start")
    ET.SubElement(case, "error", message=message).text = message
    for count in ("errors", "tests"):
        suite.set(count, str(int(suite.get(count, "0")) + 1))
    write_atomically(path, ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n")
