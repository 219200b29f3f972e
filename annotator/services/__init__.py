"""Use cases: open a project, run commands (each returns its changes and its inverse), import."""
