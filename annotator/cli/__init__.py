"""Command line: the same services as the app, no Qt. ``annotator --help`` lists commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from annotator import __version__
from annotator.cli.output import error, install_warning_printer
from annotator.domain.errors import AnnotatorError, DamagedProjectError

COMMAND_MODULES = (
    "annotator.cli.commands.project",
    "annotator.cli.commands.recovery",
    "annotator.cli.commands.documents",
    "annotator.cli.commands.series",
    "annotator.cli.commands.codebook",
    "annotator.cli.commands.export",
    "annotator.cli.commands.agreement",
    "annotator.cli.commands.report",
    "annotator.cli.commands.team",
    "annotator.cli.commands.server",
    "annotator.cli.commands.suggest",
)


#: Which module defines a command, so one command loads only its own module (start-up time
#: matters for scripts). Commands missing here still work: every module is then loaded.
COMMAND_HOME = {
    "new": "project", "coders": "project", "log": "project",
    "check": "recovery", "backups": "recovery", "restore": "recovery",
    "import": "documents", "documents": "documents", "outline": "documents",
    "text": "documents", "search": "documents", "set-year": "documents",
    "codebook": "codebook", "code": "coding", "codings": "coding",
    "series": "series", "changes": "series", "carry": "series", "proposals": "series",
    "agreement": "agreement", "assign": "agreement", "done": "agreement",
    "adjudicate": "agreement",
    "report": "report", "export": "export",
    "package": "team", "merge": "team", "diff": "team",
    "server": "server", "copy": "server",
    "suggest": "suggest",
}


def _modules_for(argv: Sequence[str]) -> Sequence[str]:
    first = next((a for a in argv if not a.startswith("-")), None)
    home = COMMAND_HOME.get(first or "")
    if home and f"annotator.cli.commands.{home}" in COMMAND_MODULES:
        return (f"annotator.cli.commands.{home}",)
    return COMMAND_MODULES


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
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
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_modules_for(argv))
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    install_warning_printer()
    try:
        return int(func(args) or 0)
    except DamagedProjectError as exc:
        error(_with_restore_hint(str(exc), getattr(args, "project", None)))
        return 1
    except AnnotatorError as exc:
        error(str(exc))
        return 1
    except KeyboardInterrupt:
        error("interrupted")
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a full disk or a vanished folder while writing: one line
        where = f"{exc.filename}: " if exc.filename else ""
        error(f"{where}{exc.strerror or exc}")
        return 1


def _with_restore_hint(message: str, project: str | None) -> str:
    """A "damaged project" message names the newest backup and the restore command."""
    if not project or "annotator restore" in message or "No backup of it" in message:
        return message
    from annotator.services.backups import restore_hint

    return f"{message.rstrip('.')}. {restore_hint(project)}"
