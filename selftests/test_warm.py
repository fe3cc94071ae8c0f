"""The warm runner (selftests/warm.py) that the mutation self-tests use is run_suite by other means: the same
output and exit code, the project copy's own code, and its timeout."""

from __future__ import annotations

import re
import subprocess

import pytest

from selftests.conftest import copy_project, run_suite

# Collection only: no server, the same lines every time but the duration.
LISTING = ("--collect-only", "-m", "seed")
DURATION = re.compile(r" in \d+\.\d+s")


def lines(result: subprocess.CompletedProcess) -> list[str]:
    return [DURATION.sub(" in Ns", line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize("args", [LISTING, ("--item", "no-such-item")], ids=["listing", "usage-error"])
def test_a_warm_run_is_a_cold_run(warm_suite, args):
    """A warm run prints what a cold run prints and ends with its exit code (0, and 4 for a usage error)."""
    cold, warm = run_suite(*args), warm_suite(*args)
    assert (warm.returncode, lines(warm)) == (cold.returncode, lines(cold)), warm.stdout + warm.stderr
    assert warm.stderr == cold.stderr


def test_a_warm_run_in_a_copy_runs_the_copy(warm_suite, tmp_path):
    """A run from a changed copy of the project imports the copy's tests and library, not the ones of the project
    the runner started in (a mutated copy must be what its run sees)."""
    copy = copy_project(tmp_path)
    seed = copy / "tests" / "test_seed.py"
    seed.write_text(seed.read_text().replace("def test_seeding_twice_fails_cleanly(", "def test_renamed_in_copy("))
    library = copy / "acceptance" / "__init__.py"
    library.write_text(library.read_text() + "\nprint('the copy of acceptance')\n")
    listed = warm_suite(*LISTING, "-s", cwd=copy).stdout
    assert "test_renamed_in_copy" in listed, listed
    assert "test_seeding_twice_fails_cleanly" not in listed
    assert "the copy of acceptance" in listed, listed


def test_a_warm_run_past_its_timeout_is_killed(warm_suite):
    """As subprocess.run does, a run past its timeout is killed and raises TimeoutExpired; the runner goes on."""
    with pytest.raises(subprocess.TimeoutExpired):
        warm_suite(*LISTING, timeout=0.05)
    assert warm_suite(*LISTING).returncode == 0
