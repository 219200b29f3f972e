"""Team server commands: server init, server add-user, and copy (SQLite ⇄ PostgreSQL)."""

from __future__ import annotations

import argparse
import getpass
import sys

from annotator.cli.output import print_json, print_table

ROLE_CHOICES = ("coder", "owner", "adjudicator")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "server", help="set up a team project on a PostgreSQL server (roles, users)",
        description="Run as the database owner or a superuser. 'init' creates the project's "
                    "team roles and row-level security policies; 'add-user' creates a login "
                    "for a coder, owner or adjudicator. See docs/team-server.md.")
    ssub = p.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    i = ssub.add_parser("init", help="create team roles and policies (re-run after upgrades)")
    i.add_argument("url", metavar="URL", help="postgresql://admin@host/db of the project")
    i.add_argument("--json", action="store_true", help="print JSON")
    i.set_defaults(func=cmd_init)

    a = ssub.add_parser("add-user", help="create a login acting as a coder",
                        description="Creates (or reuses) a login role, puts it in the team "
                                    "group for --role and creates or links the coder --name.")
    a.add_argument("url", metavar="URL", help="postgresql://admin@host/db of the project")
    a.add_argument("--name", required=True, help="the coder's name in the project")
    a.add_argument("--role", required=True, choices=ROLE_CHOICES)
    a.add_argument("--login", help="login role name (default: derived from --name)")
    pw = a.add_mutually_exclusive_group()
    pw.add_argument("--password", help="set this password (visible in shell history; "
                                       "prefer --ask-password)")
    pw.add_argument("--ask-password", action="store_true", help="prompt for the password")
    a.add_argument("--json", action="store_true", help="print JSON")
    a.set_defaults(func=cmd_add_user)

    c = sub.add_parser(
        "copy", help="copy a project between a file and a server (either direction)",
        description="Copies every row unchanged (ids, uuids, texts, times, the event log) into "
                    "a new or empty project, in one transaction. The target may be a new file "
                    "path, or a postgresql:// URL of an existing, empty database.")
    c.add_argument("source", metavar="SOURCE", help="project file or postgresql:// URL")
    c.add_argument("target", metavar="TARGET", help="new project file or postgresql:// URL")
    c.add_argument("--json", action="store_true", help="print JSON")
    c.set_defaults(func=cmd_copy)


def cmd_init(args: argparse.Namespace) -> int:
    from annotator.services.team.server_admin import init_server

    groups = init_server(args.url)
    if args.json:
        print_json(groups)
    else:
        print_table(["team role", "group role"], sorted(groups.items()))
        print("roles and policies installed; add people with 'annotator server add-user'")
    return 0


def cmd_add_user(args: argparse.Namespace) -> int:
    from annotator.services.team.server_admin import add_user

    password = args.password
    if args.ask_password:
        password = getpass.getpass(f"password for {args.login or args.name}: ")
        if password != getpass.getpass("again: "):
            print("annotator: error: the passwords differ", file=sys.stderr)
            return 1
    added = add_user(args.url, name=args.name, role=args.role, login=args.login,
                     password=password)
    if args.json:
        print_json({"login": added.login, "coder": added.coder.name,
                    "coder_uuid": added.coder.uuid, "role": args.role, "group": added.group})
    else:
        print(f"login {added.login} acts as coder {added.coder.name!r} ({args.role}; "
              f"group {added.group})")
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    from annotator.services.team.copy import copy_project
    from annotator.storage.engine import display_target

    report = copy_project(args.source, args.target)
    if args.json:
        print_json({"source": display_target(report.source),
                    "target": display_target(report.target), "rows": report.rows,
                    "seconds": round(report.seconds, 3)})
    else:
        r = report.rows
        print(f"copied {display_target(report.source)} -> {display_target(report.target)}: "
              f"{r.get('documents', 0)} documents, {r.get('codes', 0)} codes, "
              f"{r.get('codings', 0)} codings, {r.get('events', 0)} events "
              f"({report.total} rows, {report.seconds:.1f} s)")
    return 0
