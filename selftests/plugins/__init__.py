"""Plugins the self-tests load into a run of the acceptance suite (-p selftests.plugins.<name>)."""
