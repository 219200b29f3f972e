"""check [--repair], backups, restore: finding damage and getting a sound project back."""

from __future__ import annotations

import argparse

from annotator.cli.commands.common import add_json_arg, add_project_arg
from annotator.cli.output import print_json, print_table


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "check", help="integrity report (exit 0 when sound); --repair rebuilds what it can",
        description="Run SQLite's own checks (page by page), compare the schema with what this "
                    "version expects (tables, indexes, triggers, search index, metadata), "
                    "look for broken references and a stray write-ahead log, and check the "
                    "project's invariants. Never changes the project unless --repair is given; "
                    "--repair backs the file up first and rebuilds only what holds no data of "
                    "its own (search index, triggers, indexes, schema marker, metadata).")
    add_project_arg(p)
    add_json_arg(p)
    p.add_argument("--repair", action="store_true",
                   help="rebuild what can be rebuilt without losing data (a backup is taken "
                        "first)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("backups", help="list a project's backups (time, size, why made)",
                       description="List the backups annotator made of a project file, newest "
                                   "first. Restore one with 'annotator restore'.")
    add_project_arg(p)
    add_json_arg(p)
    p.set_defaults(func=cmd_backups)

    p = sub.add_parser(
        "restore", help="restore a backup to a new file (or over the project with --force)",
        description="Copy a backup of PROJECT to a new file (--out). An existing file is never "
                    "replaced unless --force is given; it is then kept beside the restored one "
                    "as NAME.damaged-TIME.")
    add_project_arg(p)
    p.add_argument("backup", help="a backup file (from 'annotator backups'), its file name, or "
                                  "'newest'")
    p.add_argument("--out", help="the restored project file (default: PROJECT itself, which "
                                 "then needs --force)")
    p.add_argument("--force", action="store_true",
                   help="replace an existing file (it is kept beside, renamed)")
    p.set_defaults(func=cmd_restore)


def cmd_check(args: argparse.Namespace) -> int:
    from annotator.services import health

    report = health.repair(args.project) if args.repair else health.check(args.project)
    if args.json:
        print_json(report.as_json())
        return 0 if report.ok else 1
    for line in report.repaired:
        print(f"repaired: {line}")
    if report.ok:
        docs = f"{report.documents} documents, " if report.documents is not None else ""
        print(f"ok: {docs}no problems found")
        return 0
    for f in report.findings:
        print(f"problem: {f.message}")
    fixable = sum(f.repairable for f in report.findings)
    if fixable and not args.repair:
        print(f"{fixable} of these can be rebuilt without losing data: "
              f"annotator check {args.project} --repair")
    print(report.hint())
    return 1


def cmd_backups(args: argparse.Namespace) -> int:
    from annotator.services import backups

    found = backups.list_backups(args.project)
    if args.json:
        print_json([b.as_json() for b in found])
        return 0
    if not found:
        print(f"no backups of {args.project} (they are kept in "
              f"{backups.folder_for(args.project)})")
        return 0
    print_table(["time (UTC)", "size", "why", "name"],
                [(f"{b.when:%Y-%m-%d %H:%M:%S}", _size(b.size), b.why_text, b.path.name)
                 for b in found], align_right=(1,))
    print(f"folder: {found[0].path.parent}")
    print(f"restore one with: annotator restore {args.project} NAME --out NEW.annotator")
    return 0


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB"):
        if n < 1024:
            return f"{n} {unit}"
        n //= 1024
    return f"{n} GB"


def cmd_restore(args: argparse.Namespace) -> int:
    from annotator.services import backups

    done = backups.restore(args.project, args.backup, args.out, force=args.force)
    print(f"restored {done.source} to {done.path}")
    if done.kept is not None:
        print(f"the file it replaced is kept as {done.kept}")
    return 0
