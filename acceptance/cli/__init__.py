"""Operator commands (scripts/rollback, scripts/gen-types): they use the library only."""
