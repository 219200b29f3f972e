"""code (apply a code from a script) and codings (list coded passages)."""

from __future__ import annotations

import argparse

from annotator.cli.commands.common import add_json_arg, add_project_arg, open_project
from annotator.cli.output import print_json, print_table
from annotator.domain.errors import ValidationError
from annotator.services.codebook import resolve_code
from annotator.services.coding_commands import ApplyCode
from annotator.services.coding_queries import coding_listing


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "code", help="code a passage: DOCUMENT START END CODE --coder NAME",
        description="Apply a code to the passage [START, END) of a document. Offsets are code "
                    "points into the document's text (see 'annotator text'); END is exclusive.")
    add_project_arg(p)
    p.add_argument("document", help="document id or a unique part of its title")
    p.add_argument("start", type=int)
    p.add_argument("end", type=int)
    p.add_argument("code", help="code path ('Parent/Child') or uuid")
    p.add_argument("--coder", required=True, help="who codes (created if new)")
    p.add_argument("--memo", default="")
    p.add_argument("--attr", action="append", default=[], metavar="NAME=VALUE",
                   help="an attribute value (repeat for several)")
    add_json_arg(p)
    p.set_defaults(func=cmd_code)

    p = sub.add_parser("codings", help="list coded passages (uuid, document, bounds, code, "
                                       "coder, excerpt)")
    add_project_arg(p)
    p.add_argument("--document", help="only this document (id or unique part of its title)")
    p.add_argument("--coder", dest="only_coder", metavar="NAME", help="only this coder")
    p.add_argument("--proposed", action="store_true",
                   help="list proposed codings instead (status, origin, score, similarity, "
                        "source_coding); they are not codings until accepted")
    add_json_arg(p)
    p.set_defaults(func=cmd_codings)


def _attributes(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValidationError(f"--attr needs NAME=VALUE, got {pair!r}")
        out[name.strip()] = value
    return out


def cmd_code(args: argparse.Namespace) -> int:
    attrs = _attributes(args.attr)
    with open_project(args, write=True) as project:
        doc = project.document(args.document)
        node = resolve_code(project, args.code)
        out = project.execute(ApplyCode(doc.id, args.start, args.end, node.uuid, args.memo,
                                        attrs))
    coding = out.result
    if args.json:
        print_json({"uuid": coding.uuid, "document": doc.id, "start": coding.start,
                    "end": coding.end, "code_uuid": node.uuid,
                    "codebook_version": coding.codebook_version})
    else:
        print(f"coded [{coding.start}, {coding.end}) of {doc.id} with {node.name!r}: "
              f"{coding.uuid}")
    return 0


def cmd_codings(args: argparse.Namespace) -> int:
    if getattr(args, "proposed", False):
        return _proposed(args)
    with open_project(args) as project:
        doc_id = project.document(args.document).id if args.document else None
        rows = coding_listing(project, document_id=doc_id, coder=args.only_coder)
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("no codings")
        return 0
    print_table(["uuid", "doc", "start", "end", "code", "coder", "excerpt"],
                [(r["uuid"], r["document"], r["start"], r["end"], r["code"], r["coder"],
                  r["excerpt"]) for r in rows], align_right=(1, 2, 3))
    return 0


def _proposed(args: argparse.Namespace) -> int:
    from annotator.services.proposals import proposal_listing

    with open_project(args) as project:
        doc_id = project.document(args.document).id if args.document else None
        rows = proposal_listing(project, document_id=doc_id)
    if args.only_coder:
        rows = [r for r in rows if r["coder"] == args.only_coder]
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("no proposals")
        return 0
    print_table(["uuid", "doc", "start", "end", "code", "status", "origin", "score", "excerpt"],
                [(r["uuid"], r["document"], r["start"], r["end"], r["code"], r["status"],
                  r["origin"], r["score"], r["excerpt"]) for r in rows], align_right=(1, 2, 3))
    return 0
