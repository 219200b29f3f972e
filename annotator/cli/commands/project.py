"""new, log, coders (check, backups and restore are in recovery.py)."""

from __future__ import annotations

import argparse

from annotator.cli.commands.common import add_json_arg, add_project_arg, open_project
from annotator.cli.output import print_json, print_table


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("new", help="create an empty project (one SQLite file, or a server URL)",
                       description="Create a new, empty project. A project is one SQLite file; "
                                   "a postgresql:// URL creates a team project on a server.")
    add_project_arg(p)
    p.add_argument("--coder", help="your coder name (recorded on your codings)")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("coders", help="list the project's coders")
    add_project_arg(p)
    add_json_arg(p)
    p.set_defaults(func=cmd_coders)

    p = sub.add_parser("log", help="the event log: who changed what, when")
    add_project_arg(p)
    add_json_arg(p)
    p.add_argument("--limit", type=int, default=50, help="newest N events (default 50)")
    p.set_defaults(func=cmd_log)


def cmd_new(args: argparse.Namespace) -> int:
    from annotator.services.project import Project

    with Project.create(args.project) as project:
        if args.coder:
            project.use_coder(args.coder, role="owner")
    print(f"created {args.project}")
    return 0


def cmd_coders(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        coders = project.coders()
    if args.json:
        print_json([{"id": c.id, "uuid": c.uuid, "name": c.name, "role": c.role,
                     "is_gold": c.is_gold} for c in coders])
    else:
        print_table(["id", "name", "role"], [(c.id, c.name, c.role + (" (gold)" if c.is_gold
                                                                     else "")) for c in coders])
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    with open_project(args) as project, project.read() as tx:
        events = tx.events(args.limit)
    if args.json:
        print_json(events)
    else:
        print_table(["when", "who", "action", "entity"],
                    [(e["at"].strftime("%Y-%m-%d %H:%M:%S"), e["actor"], e["action"],
                      f"{e['entity_type']} {e['entity_uuid'] or ''}") for e in events])
    return 0
