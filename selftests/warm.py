"""A warm start for the mutation self-tests' section runs: each is `python -m pytest ...` in a process forked from
this one, which has already imported what every run imports before its first test (pytest, psycopg, hypothesis,
...). Of a cold run's 1.0-1.2 s before its first test, 0.6 s is that import; the mutation self-tests make about
115 runs.

Run as `python -m selftests.warm` (selftests.conftest.WarmSuite does): one request per line on stdin, a JSON
object {args, cwd, env, stdout, stderr, timeout}; one reply per line on stdout, {returncode, timed_out}. The
child starts as `python -m pytest` would in `cwd` with exactly `env`. Nothing of the project is imported here
(a mutated copy of the project must be the one its run imports), and the server starts no thread, so the fork
is clean.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
import traceback

import hypothesis  # noqa: F401 (pre-imported for the children)
import psycopg  # noqa: F401
import pytest
import pytest_benchmark.plugin  # noqa: F401
import pytest_postgresql.janitor  # noqa: F401
import sqlparse  # noqa: F401
import xdist.plugin  # noqa: F401

# The plugins above were imported before pytest could mark them for assertion rewriting, and pytest warns so in
# every run; their own asserts are not the suite's.
QUIET = ("-W", "ignore::pytest.PytestAssertRewriteWarning")


def _child(request: dict) -> None:
    """Becomes `python -m pytest ARGS` in request['cwd']; never returns."""
    code = 70
    try:
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.dont_write_bytecode = bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)  # not the server's request pipe
        for fd, path in ((1, request["stdout"]), (2, request["stderr"])):
            os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), fd)
        sys.path[0] = os.getcwd()  # as `python -m` sets it
        sys.argv = [sys.executable, "-m", "pytest", *request["args"]]
        code = int(pytest.main([*QUIET, *request["args"]]))
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _wait(pid: int, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return {"returncode": os.waitstatus_to_exitcode(status), "timed_out": False}
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            return {"returncode": os.waitstatus_to_exitcode(status), "timed_out": True}
        time.sleep(0.01)


def main() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(request)
        print(json.dumps(_wait(pid, request["timeout"])), flush=True)


if __name__ == "__main__":
    main()
