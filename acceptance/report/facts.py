"""What the report says about the run: the commit, the command line (passwords masked), the server version."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from pathlib import Path

import psycopg

from acceptance.target import redact


def project_commit(root: Path) -> dict:
    """The commit the suite ran from: git, else the CI's variable, else unknown."""
    try:
        git = ["git", "-C", str(root)]
        sha = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10, check=True)
        status = [*git, "status", "--porcelain", "--untracked-files=no"]
        dirty = subprocess.run(status, capture_output=True, text=True, timeout=10, check=True)
        return {"commit": sha.stdout.strip(), "dirty": bool(dirty.stdout.strip())}
    except (OSError, subprocess.SubprocessError):
        return {"commit": os.environ.get("GITHUB_SHA") or "unknown", "dirty": None}


def redacted_args(args: Iterable[str]) -> list[str]:
    """The command line with any --dsn value's password masked."""
    shown, after_dsn = [], False
    for arg in args:
        if after_dsn:
            shown.append(redact(arg))
        elif arg.startswith("--dsn="):
            shown.append("--dsn=" + redact(arg.removeprefix("--dsn=")))
        else:
            shown.append(arg)
        after_dsn = arg == "--dsn"
    return shown


def server_version_of(conninfo: str) -> str | None:
    try:
        with psycopg.connect(conninfo, connect_timeout=5, autocommit=True) as conn:
            return conn.execute("show server_version").fetchone()[0]
    except psycopg.Error:
        return None


def hypothesis_profile() -> str | None:
    import hypothesis  # only where a run's facts are gathered

    try:
        return hypothesis.settings.get_current_profile_name()
    except AttributeError:
        return os.environ.get("ACCEPTANCE_HYPOTHESIS_PROFILE")
