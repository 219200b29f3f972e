"""Command line: the same services as the app, no Qt. ``annotator --help`` lists commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from annotator import __version__
from annotator.cli.output import error
from annotator.domain.errors import AnnotatorError

COMMAND_MODULES = (
    "annotator.cli.commands.project",
    "annotator.cli.commands.documents",
)


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Code human-rights reports with a rights taxonomy. Run without arguments to "
                    "open the app; 'annotator demo' opens the sample project.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("gui", help="open the app (same as no arguments)")
    demo = sub.add_parser("demo", help="open the sample project in the app (a fresh copy in "
                                       "your data folder)")
    demo.add_argument("--fresh", action="store_true", help="rebuild the copy from scratch")
    demo.add_argument("--no-gui", action="store_true", help="only print the copy's path")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return int(func(args) or 0)
    except AnnotatorError as exc:
        error(str(exc))
        return 1
    except KeyboardInterrupt:
        error("interrupted")
        return 130
    except BrokenPipeError:
        return 0
