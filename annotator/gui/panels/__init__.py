"""Dockable panels of the workbench."""
