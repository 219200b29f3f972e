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
    coder = getattr(args, "coder", None)
    if coder:
        project.use_coder(coder)
    return project
