"""The acceptance suite's plugins: each concern's fixtures and hooks live in plugins/*.py. Listed here, not
in the root conftest, so that a run of the self-tests (`pytest selftests`) loads none of them."""

pytest_plugins = (
    "plugins.checklist",
    "plugins.target",
    "plugins.db",
    "plugins.roles",
    "plugins.hypothesis",
    "plugins.rls",
    "plugins.volume",
    "plugins.types",
    "plugins.report",
    "plugins.durations",
    "plugins.order",
)
