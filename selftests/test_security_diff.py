"""The security diff of the pre-release gate: a run saves its surface; against it, a later widening (a grant to
anon, a policy that lets another tenant read) fails the gate and is named, a narrowing is only listed."""

from __future__ import annotations

import pytest

from selftests.conftest import copy_project, report_folder, run_suite

SELECT = ["-k", "test_security_surface_against_the_last_release", "-rs", "-s"]


@pytest.fixture(scope="module")
def baseline(tmp_path_factory, server, template) -> str:
    """The surface of the unmutated schema, as the last release's."""
    out = tmp_path_factory.mktemp("baseline")
    result = run_suite("--dsn", server.conninfo(template), "--target", "production", f"--report-dir={out}", *SELECT)
    saved = report_folder(out) / "security.json"  # beside the deployment report, in the subset's folder
    assert result.returncode == 0 and saved.is_file(), result.stdout[-2000:]
    return str(saved)


@pytest.mark.parametrize(
    ("change", "wider"),
    [
        (
            "grant select on public.conversations to anon",
            ["cell conversations-select-anon", "grant table public.conversations: anon SELECT"],
        ),
        (
            "alter policy conversations_select_own_tenant on public.conversations using (true)",
            ["cell conversations-select-other_tenant: 0 rows -> 3 rows", "cell conversations-select-stranger"],
        ),
    ],
    ids=["grant-to-anon", "policy-opened"],
)
def test_a_widening_fails_the_gate_and_is_named(mutant, baseline, change, wider, tmp_path):
    """Each widened cell and grant is listed as WIDER, in the output and in security-diff.txt, and the run fails."""
    with mutant(change) as dsn:
        args = ("--dsn", dsn, "--target", "staging", f"--security-baseline={baseline}", f"--report-dir={tmp_path}")
        result = run_suite(*args, *SELECT)
    listed = report_folder(tmp_path) / "security-diff.txt"
    for where, text in (("output", result.stdout), (str(listed), listed.read_text() if listed.is_file() else "")):
        missing = [w for w in wider if not any(line.startswith("WIDER") and w in line for line in text.splitlines())]
        assert result.returncode == 1 and not missing, (
            f"{where}: not named as wider: {missing}\n{result.stdout[-3000:]}"
        )


def test_a_narrowing_is_listed_not_failed(mutant, baseline):
    """A grant taken away shows as narrower; the gate passes (the privileges contract catches it on its own)."""
    with mutant("revoke select on public.feedback from authenticated") as dsn:
        result = run_suite("--dsn", dsn, "--target", "staging", f"--security-baseline={baseline}", *SELECT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "narrower grant table public.feedback: authenticated SELECT" in result.stdout, result.stdout[-3000:]


def test_an_accepted_widening_passes(mutant, baseline, tmp_path):
    """A widening that security_accepted.toml accepts, by key and with a reason, passes the gate."""
    project = copy_project(tmp_path)
    (project / "contract" / "security_accepted.toml").write_text(
        '[[accepted]]\nkey = "cell conversations-select-anon"\nreason = "test"\n'
        '[[accepted]]\nkey = "grant table public.conversations: anon SELECT"\nreason = "test"\n'
    )
    with mutant("grant select on public.conversations to anon") as dsn:
        result = run_suite("--dsn", dsn, f"--security-baseline={baseline}", *SELECT, cwd=project)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "WIDER    cell conversations-select-anon" in result.stdout, result.stdout[-3000:]
