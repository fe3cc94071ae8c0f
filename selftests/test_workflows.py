"""The GitHub Actions workflows parse, run the suite only through the commands README.md gives, and do what the
three places need: every push and pull request, the nightly regression, and the pre-release gate on staging."""

from __future__ import annotations

import os
import re
import shlex

import pytest
import yaml

from acceptance import contract
from selftests.conftest import ROOT, run_suite

WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text())


def triggers(doc: dict) -> dict:
    """The `on:` mapping (YAML 1.1 reads a bare `on` key as True)."""
    found = doc.get("on", doc.get(True))
    return {found: None} if isinstance(found, str) else dict(found or {})


def steps(doc: dict) -> list[dict]:
    return [step for job in doc["jobs"].values() for step in job["steps"]]


def runs(doc: dict) -> str:
    return "\n".join(step["run"] for step in steps(doc) if "run" in step)


def readme_commands() -> list[str]:
    """The commands of README.md's "Two commands" block: `scripts/...` lines of its first sh block."""
    block = re.search(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(), re.DOTALL)
    assert block, "README.md has no sh block with the commands"
    return [line.split()[0] for line in block.group(1).splitlines() if line.startswith("scripts/")]


def acceptance_calls(doc: dict) -> list[list[str]]:
    """The arguments of each `scripts/acceptance` call in the workflow's scripts."""
    calls = []
    for line in runs(doc).splitlines():
        for part in re.split(r"&&|;|\|\|", line):
            if "scripts/acceptance" in part:
                words = shlex.split(part)
                calls.append(words[words.index("scripts/acceptance") + 1 :])
    return calls


def env_of(doc: dict) -> dict:
    merged = dict(doc.get("env") or {})
    for job in doc["jobs"].values():
        merged.update(job.get("env") or {})
    return merged


def uploads(doc: dict) -> list[dict]:
    return [s for s in steps(doc) if str(s.get("uses", "")).startswith("actions/upload-artifact@")]


def test_three_workflows_exist():
    """Every push and pull request, the nightly regression, the pre-release gate."""
    assert [p.name for p in FILES] == ["acceptance.yml", "nightly.yml", "pre-release.yml"]


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_workflow_is_well_formed(path):
    """Each workflow parses, has a name, triggers and jobs; each job a runner, a timeout and steps that either
    use a pinned action or run a script; permissions are read-only for the code."""
    doc = yaml.safe_load(path.read_text())
    assert doc.get("name") and triggers(doc) and doc.get("jobs"), f"{path.name}: name, on and jobs are required"
    assert doc.get("permissions", {}).get("contents") == "read", f"{path.name}: contents: read"
    for name, job in doc["jobs"].items():
        assert job.get("runs-on") and job.get("timeout-minutes") and job.get("steps"), f"{path.name}: job {name}"
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), f"{path.name}: a step needs uses or run: {step}"
            if "uses" in step:
                assert re.fullmatch(r"actions/[\w-]+@v\d+", step["uses"]), f"{path.name}: unpinned {step['uses']}"


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_the_suite_runs_only_through_the_readme_commands(path):
    """CI runs what a developer runs: pytest and tox are never called directly, and every script a workflow calls
    exists and is executable."""
    text = runs(yaml.safe_load(path.read_text()))
    assert not re.search(r"\bpytest\b|\btox\b", text), f"{path.name} calls pytest or tox directly, not the scripts"
    for script in set(re.findall(r"\bscripts/[\w-]+", text)):
        assert os.access(ROOT / script, os.X_OK), f"{path.name} calls {script}, which is not an executable script"


def test_every_push_and_pull_request_runs_the_readme_commands():
    """On push and pull_request, the default suite and the self-tests, with the commands README.md gives."""
    doc = load("acceptance.yml")
    assert {"push", "pull_request"} <= set(triggers(doc))
    text = runs(doc)
    assert readme_commands() == ["scripts/acceptance", "scripts/selftest"]
    assert "scripts/setup && scripts/acceptance" in text
    for command in readme_commands():
        assert re.search(rf"(^|&& ){re.escape(command)}\s*$", text, re.MULTILINE), f"{command} is not run as is"
    assert env_of(doc)["ACCEPTANCE_HYPOTHESIS_PROFILE"] == "ci"


def test_nightly_runs_large_and_xlarge_and_compares_server_clocks():
    """Nightly: scheduled, the large volume and nightly hypothesis profiles (which exist), then the performance tests
    at xlarge; each run's server-clock medians compared with the previous night's reports/growth/, kept for the next,
    where both profiles' growth files land."""
    doc = load("nightly.yml")
    assert "schedule" in triggers(doc) and "workflow_dispatch" in triggers(doc)
    env = env_of(doc)
    large, xlarge = acceptance_calls(doc)
    assert env["ACCEPTANCE_VOLUME"] == "large" and {"large", "xlarge"} <= set(contract.load("volume")["profiles"])
    assert env["ACCEPTANCE_HYPOTHESIS_PROFILE"] == "nightly"
    profiles = (ROOT / "plugins" / "hypothesis.py").read_text()
    assert re.search(r'register_profile\("nightly", max_examples=1000\b', profiles)
    text = runs(doc)
    assert "--volume large" in text and "-m performance --volume xlarge" in text
    assert "--benchmark-json=reports/benchmark.json" in text
    assert text.count('--server-clock-baseline="$PREVIOUS"') == 2 and "--benchmark-compare-fail" not in text
    previous = next(s for s in steps(doc) if s.get("id") == "previous")
    assert "gh run download" in previous["run"] and "--name nightly-growth" in previous["run"]
    saved = {u["with"]["name"]: u["with"]["path"] for u in uploads(doc)}
    assert saved["nightly-growth"] == "reports/growth/"
    assert saved["nightly-reports"] == "reports/"
    assert large == xlarge == ["${args[@]}"], (large, xlarge)
    # Both profiles' growth files in one reports/growth/ (a subset's report goes to reports/subsets/ by itself): a
    # --report-dir of its own put xlarge's beside it, out of the growth table and of the saved nightly-growth.
    for name, script in (("nightly.yml", text), ("scripts/nightly", (ROOT / "scripts" / "nightly").read_text())):
        assert "--report-dir" not in script, f"{name}: a --report-dir moves a profile's growth out of reports/growth/"


def test_pre_release_gate_runs_against_staging_from_the_secret():
    """Started by hand or by a release tag; the suite runs against secrets.STAGING_DSN with --target staging and
    refuses to start without the secret, so a release is never waved through untested."""
    doc = load("pre-release.yml")
    on = triggers(doc)
    assert "workflow_dispatch" in on and on["push"]["tags"]
    (call,) = acceptance_calls(doc)
    assert call == ["--dsn", "$STAGING_DSN", "--target", "staging"]
    gate = next(s for s in steps(doc) if "scripts/acceptance" in s.get("run", ""))
    assert gate["env"]["STAGING_DSN"] == "${{ secrets.STAGING_DSN }}"
    assert 'if [ -z "$STAGING_DSN" ]' in gate["run"] and "exit 1" in gate["run"]
    assert "continue-on-error" not in gate, "a failing checklist item must fail the release"


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_no_secret_or_event_text_is_pasted_into_a_script(path):
    """Secrets and event fields reach scripts through env, never as ${{ }} inside the script text."""
    text = runs(yaml.safe_load(path.read_text()))
    assert "${{" not in text, f"{path.name}: use env: for ${{{{ }}}} values in run scripts"


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_the_report_is_kept_even_when_the_suite_fails(path):
    """A workflow that runs the suite uploads reports/ (deployment report, JUnit XML) with if: always()."""
    doc = yaml.safe_load(path.read_text())
    if not acceptance_calls(doc):
        pytest.skip("runs no acceptance suite")
    kept = [u for u in uploads(doc) if u["with"]["path"] == "reports/"]
    assert kept and all(u.get("if") == "always()" for u in kept), f"{path.name}: upload reports/ with if: always()"


def test_workflow_options_are_options_of_the_suite():
    """Every --option a workflow passes to scripts/acceptance is one the suite knows (a typo fails here, not at
    night)."""
    used = {
        re.split(r"[= ]", arg)[0]
        for path in FILES
        for call in acceptance_calls(yaml.safe_load(path.read_text()))
        for arg in call
        if arg.startswith("--")
    }
    for line in runs(load("nightly.yml")).splitlines():
        if re.match(r"\s*args\+?=\(", line):
            used |= set(re.findall(r"--[\w-]+", line))
    result = run_suite("--help", timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    unknown = sorted(option for option in used if not re.search(rf"^\s+{re.escape(option)}\b", result.stdout, re.M))
    assert not unknown, f"options the suite does not know: {unknown}"
    assert {"--dsn", "--target", "--volume", "--benchmark-json", "--server-clock-baseline", "--report-dir"} <= used
