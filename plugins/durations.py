"""Plugin: where the run's time went, printed at its end: the server's start, the template's build, the volume
load (facts the target and volume plugins note), then each test module's setup, call and teardown time."""

from __future__ import annotations

from collections import defaultdict

import pytest

from plugins.stash import RUN_FACTS

# The volume loads in the background (plugins.volume): its tests wait only for what the others did not cover.
PHASES = {"server_start_seconds": "server start", "template_seconds": "template build",
          "volume_load_seconds": "volume load", "volume_wait_seconds": "its tests waited"}  # fmt: skip


class Durations:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.times: dict[str, float] = defaultdict(float)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.times[report.nodeid.split("::")[0]] += report.duration

    @pytest.hookimpl(trylast=True)
    def pytest_terminal_summary(self, terminalreporter) -> None:
        if not self.times:
            return
        facts = self.config.stash.get(RUN_FACTS, {})
        phases = [f"{label} {facts[key]:.1f} s" for key, label in PHASES.items() if facts.get(key) is not None]
        modules = sorted(self.times.items(), key=lambda kv: -kv[1])
        spent = ", ".join(f"{name.removeprefix('tests/').removesuffix('.py')} {sec:.1f} s" for name, sec in modules)
        terminalreporter.write_line(f"time: {', '.join(phases) or 'no phase noted'}; "
                                    f"modules {sum(self.times.values()):.1f} s: {spent}")  # fmt: skip


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput") and not config.option.collectonly:
        config.pluginmanager.register(Durations(config), "acceptance-durations")
