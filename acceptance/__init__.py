"""The acceptance suite's library: everything that is not a pytest hook or fixture. Nothing here imports pytest.

Every connection the suite opens (psycopg's, pytest-postgresql's janitor's, psql's) names itself in the server's
log and pg_stat_activity: libpq reads PGAPPNAME, unless the caller chose another name."""

import os

APPLICATION_NAME = "checklist-acceptance"
os.environ.setdefault("PGAPPNAME", APPLICATION_NAME)
