"""The acceptance suite's table of contents: each concern's fixtures and hooks live in fixtures/fix_*.py."""

pytest_plugins = (
    "fixtures.fix_target",
    "fixtures.fix_db",
    "fixtures.fix_roles",
    "fixtures.fix_hypothesis",
    "fixtures.fix_rls",
    "fixtures.fix_volume",
    "fixtures.fix_report",
)
