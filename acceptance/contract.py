"""The contract: expected facts, read from the data files in contract/ at the project root."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "contract"


@functools.cache
def load(name: str) -> dict[str, Any]:
    """A data file from contract/, by name without extension."""
    with (DATA / f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


def schema() -> dict[str, Any]:
    return load("schema")
