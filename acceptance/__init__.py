"""The acceptance suite's library: everything that is not a pytest hook or fixture. Nothing here imports pytest."""
