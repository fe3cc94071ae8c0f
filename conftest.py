"""The project root. pytest puts this folder on sys.path, so that tests, plugins and self-tests import the library
(acceptance/) and the plugins (plugins/) without an install. The acceptance suite's plugins are listed in
tests/conftest.py and the self-tests' fixtures in selftests/conftest.py: neither run loads the other's."""
