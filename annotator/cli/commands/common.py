"""Helpers shared by CLI commands."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported lazily: `annotator --help` should not load the database layer
    from annotator.services.project import Project


def add_project_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("project", help="project file (.annotator) or postgresql:// URL")


def add_json_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")


def add_coder_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--coder", help="act as this coder (created if new)")


def open_project(args: argparse.Namespace, *, write: bool = False) -> Project:
    from annotator.services.project import Project

    project = Project.open(args.project if "://" in str(args.project) else Path(args.project),
                           backup=write)
    project.store.wait_listeners.append(_say_waiting())
    coder = getattr(args, "coder", None)
    if coder:
        project.use_coder(coder)
    return project


def _say_waiting():  # type: ignore[no-untyped-def]
    """A write-lock wait hook that tells stderr once that another program is writing."""
    import sys

    said = False

    def hook(waited: float | None) -> None:
        nonlocal said
        if waited is not None and waited >= 1 and not said:
            said = True
            print("waiting for another program to finish writing to the project…",
                  file=sys.stderr, flush=True)

    return hook
