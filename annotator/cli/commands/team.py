"""package, merge, diff: distributed team work with per-coder package files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from annotator.cli.commands.common import add_json_arg, add_project_arg
from annotator.cli.output import print_json
from annotator.domain.errors import ValidationError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "package", help="write a coding package (a project file) for one coder",
        description="Write a self-contained project file for one coder with the chosen "
                    "documents and the current codebook (frozen as a version if it changed). "
                    "The coder works in it with the normal app; 'annotator merge' brings the "
                    "work back.")
    add_project_arg(p)
    p.add_argument("--coder", required=True, help="the coder's name (created if new)")
    p.add_argument("--documents", default="all",
                   help="comma-separated document ids, or 'all' (default)")
    p.add_argument("--not-blind", action="store_true",
                   help="include the other coders' codings on those documents")
    p.add_argument("--out", "-o", required=True, help="package file to write (.annotator-pkg)")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    add_json_arg(p)
    p.set_defaults(func=cmd_package)

    p = sub.add_parser(
        "merge", help="merge coding packages back into the project (preview first)",
        description="Bring coders' packages back. Documents match by text, codes, codings and "
                    "memos by id; merging twice or in another order gives the same project. "
                    "Conflicts are listed and left for you to decide. A backup is taken first.")
    add_project_arg(p)
    p.add_argument("packages", nargs="+", metavar="PKG", help="package files")
    p.add_argument("--preview", action="store_true", help="show what would happen; change "
                                                          "nothing")
    p.add_argument("--accept-codebook", default="none", metavar="all|none|IDS",
                   help="codebook changes to take over from the packages: all, none "
                        "(default), or comma-separated change ids from the preview")
    add_json_arg(p)
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser(
        "diff", help="what one project (or package) has that another lacks",
        description="Compare two projects or packages: documents by text, codes, codings, "
                    "coders and memos by id.")
    p.add_argument("a", help="first project or package file")
    p.add_argument("b", help="second project or package file")
    add_json_arg(p)
    p.set_defaults(func=cmd_diff)


def _documents(value: str) -> list[int] | str:
    if value.strip().lower() == "all":
        return "all"
    try:
        ids = [int(v) for v in value.split(",") if v.strip()]
    except ValueError:
        raise ValidationError(f"--documents: expected ids such as 1,2,5 or 'all', "
                              f"not {value!r}") from None
    if not ids:
        raise ValidationError("--documents: name at least one document id")
    return ids


def _accept(value: str) -> Any:
    if value.strip().lower() in ("all", "none"):
        return value.strip().lower()
    return {v.strip() for v in value.split(",") if v.strip()}


def _open(target: str, *, backup: bool = False) -> Any:
    from annotator.services.project import Project

    return Project.open(target if "://" in target else Path(target), backup=backup)


def cmd_package(args: argparse.Namespace) -> int:
    from annotator.services.team import make_package

    docs = _documents(args.documents)
    with _open(args.project, backup=True) as project:
        summary = make_package(project, args.out, args.coder, docs, blind=not args.not_blind,
                               overwrite=args.force)
    if args.json:
        print_json(summary.to_dict())
    else:
        froze = " (frozen now)" if summary.froze_version else ""
        print(f"wrote {summary.path}: {summary.documents} document(s), {summary.codings} "
              f"coding(s), {'blind' if summary.blind else 'not blind'}, coder "
              f"{summary.coder}, codebook version {summary.codebook_version!r}{froze}")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from annotator.services.team import merge_packages

    with _open(args.project) as project:
        report = merge_packages(project, args.packages, dry_run=args.preview,
                                accept_codebook=_accept(args.accept_codebook))
    if args.json:
        print_json(report.to_dict())
    else:
        print("\n".join(report.lines()))
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from annotator.services.team import diff_projects

    with _open(args.a) as a, _open(args.b) as b:
        diff = diff_projects(a, b)
    if args.json:
        print_json(diff.to_dict())
    else:
        print("\n".join(diff.lines()))
    return 0
