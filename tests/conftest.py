"""The acceptance suite's plugins: each concern's fixtures and hooks live in fixtures/fix_*.py. Listed here, not
in the root conftest, so that a run of the self-tests (`pytest selftests`) loads none of them."""

pytest_plugins = (
    "fixtures.fix_checklist",
    "fixtures.fix_target",
    "fixtures.fix_db",
    "fixtures.fix_roles",
    "fixtures.fix_hypothesis",
    "fixtures.fix_rls",
    "fixtures.fix_volume",
    "fixtures.fix_report",
)
