"""series (annual editions), changes (what changed between two editions), carry (carry codings
forward as proposals) and proposals (decide proposed codings in bulk)."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli.commands.common import add_json_arg, add_project_arg, open_project
from annotator.cli.output import print_json, print_table
from annotator.domain.errors import InputError, ValidationError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("series", help="annual series: each country's editions by year, with "
                                      "coded share and pending proposals",
                       description="Documents with the same country and source form a series, "
                                   "ordered by year. --link/--unlink change it by hand.")
    add_project_arg(p)
    p.add_argument("--link", metavar="DOC", help="put this document into a series ...")
    p.add_argument("--to", metavar="DOC", help="... the series of this document")
    p.add_argument("--unlink", metavar="DOC", help="take this document out of its series")
    add_json_arg(p)
    p.set_defaults(func=cmd_series)

    p = sub.add_parser("changes", help="what changed between two documents (sentence "
                                       "alignment): HTML or JSON",
                       description="Align OLD and NEW sentence by sentence: same, edited "
                                   "(similarity, word diff), moved (another section), new, "
                                   "removed. Offsets are code points.")
    add_project_arg(p)
    p.add_argument("old", help="older document (id or unique part of its title)")
    p.add_argument("new", help="newer document")
    p.add_argument("--format", choices=("html", "json"), default="json")
    p.add_argument("--out", metavar="FILE", help="write here (default: standard output)")
    p.set_defaults(func=cmd_changes)

    p = sub.add_parser("carry", help="carry codings forward from the previous edition, as "
                                     "proposals to review",
                       description="Follow every coding on OLD (of --coder NAME, or --gold) "
                                   "into NEW: exact inside unchanged sentences, through the diff "
                                   "across edited ones. Passages whose text is gone are listed.")
    add_project_arg(p)
    p.add_argument("--from", dest="old", required=True, metavar="OLD")
    p.add_argument("--to", dest="new", required=True, metavar="NEW")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--coder", dest="source_coder", metavar="NAME",
                     help="carry this coder's codings (proposed to the same coder)")
    who.add_argument("--gold", action="store_true", help="carry the gold standard")
    p.add_argument("--min-similarity", type=float, default=0.85, metavar="X",
                   help="carry across edited sentences only this similar (0-1; default 0.85)")
    p.add_argument("--accept", choices=("same",), help="accept the exact carries at once "
                                                      "(one batch)")
    add_json_arg(p)
    p.set_defaults(func=cmd_carry)

    p = sub.add_parser("proposals", help="list, accept, reject or withdraw proposed codings "
                                         "in bulk (one undoable action)")
    add_project_arg(p)
    p.add_argument("action", choices=("list", "accept", "reject", "withdraw"))
    p.add_argument("--batch", metavar="B", help="only this run (see 'annotator carry --json')")
    p.add_argument("--document", metavar="DOC")
    p.add_argument("--origin", metavar="ORIGIN", help="carry, suggest, ...")
    p.add_argument("--min-score", type=float, metavar="X", help="only score >= X")
    p.add_argument("--exact", action="store_true", help="only exact carries")
    p.add_argument("--as", dest="acting", metavar="NAME",
                   help="the reviewing coder (default: the coder each proposal is for)")
    add_json_arg(p)
    p.set_defaults(func=cmd_proposals)


def cmd_series(args: argparse.Namespace) -> int:
    from annotator.services.series import LinkSeries, UnlinkSeries, list_series

    if args.link and args.unlink:
        raise ValidationError("use --link or --unlink, not both")
    with open_project(args, write=bool(args.link or args.unlink)) as project:
        if args.link:
            if not args.to:
                raise ValidationError("--link DOC needs --to DOC")
            project.execute(LinkSeries(project.document(args.link).id,
                                       project.document(args.to).id))
        elif args.unlink:
            project.execute(UnlinkSeries(project.document(args.unlink).id))
        found = list_series(project)
    if args.json:
        print_json([s.to_dict() for s in found])
        return 0
    if not found:
        print("no series (Country Reports form series by country; link others with --link)")
        return 0
    rows = []
    for s in found:
        for e in s.editions:
            rows.append((s.country or s.key, e.year or "", e.document_id,
                         f"{e.coded_share:.1%}", e.pending, "yes" if e.linked_by_hand else ""))
    print_table(["series", "year", "doc", "coded", "pending", "by hand"], rows,
                align_right=(1, 2, 3, 4))
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    from annotator.services.alignment import (
        align_documents, change_records, resolve_pair, section_summary,
    )

    with open_project(args) as project:
        old, new = resolve_pair(project, args.old, args.new)
        pair = align_documents(project, old.id, new.id)
    if args.format == "html":
        from annotator.services.changes_html import changes_html

        data = changes_html(pair)
    else:
        import json

        data = json.dumps({"old": old.id, "new": new.id, "warnings": pair.warnings,
                           "counts": dict(pair.alignment.counts()),
                           "sections": [s.to_dict() for s in section_summary(pair.alignment)],
                           "sentences": change_records(pair.alignment)}, ensure_ascii=False)
    _write(args.out, data)
    return 0


def _write(out: str | None, data: str) -> None:
    if out is None:
        print(data)
        return
    path = Path(out)
    if not path.parent.is_dir():
        raise InputError(f"{path}: folder {path.parent} does not exist")
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_text(data, encoding="utf-8")
    tmp.replace(path)


def cmd_carry(args: argparse.Namespace) -> int:
    import sys

    from annotator.services.carry import carry_forward

    with open_project(args, write=True) as project:
        old, new = project.document(args.old), project.document(args.new)
        report = carry_forward(project, old.id, new.id, coder=args.source_coder,
                               gold=args.gold, min_similarity=args.min_similarity,
                               accept_same=args.accept == "same")
    for w in report.warnings:
        print(f"annotator: warning: {w}", file=sys.stderr)
    if args.json:
        print_json(report.to_dict())
        return 0
    m = report.methods
    print(f"carried {len(report.carried)} of {len(report.carried) + len(report.not_carried)} "
          f"codings by {report.coder.name} from {old.id} to {new.id}: {m['same']} exact, "
          f"{m['edited']} through edits, {m['moved']} moved, {m['found']} found by text")
    batch = f" (batch {report.batch})" if report.batch else ""
    print(f"proposals made: {report.made}{batch}; already there: {report.duplicates}; "
          f"rejected before: {report.rejected_before}")
    if report.accepted:
        print(f"accepted {report.accepted} exact carries")
    if report.not_carried:
        print(f"not carried ({len(report.not_carried)}):")
        for n in report.not_carried:
            print(f"  coding {n.source.uuid} [{n.source.start}, {n.source.end}): {n.reason}")
    return 0


def cmd_proposals(args: argparse.Namespace) -> int:
    from annotator.services.proposals import (
        DecideProposals, WithdrawProposals, proposal_listing, select_proposals,
    )

    with open_project(args, write=args.action != "list") as project:
        doc = project.document(args.document).id if args.document else None
        if args.action == "list":
            rows = proposal_listing(project, document_id=doc, origin=args.origin,
                                    batch=args.batch)
            if args.min_score is not None:
                rows = [r for r in rows if r["score"] is not None and r["score"] >= args.min_score]
            if args.json:
                print_json(rows)
            else:
                print_table(["uuid", "doc", "start", "end", "code", "status", "origin",
                             "score", "excerpt"],
                            [(r["uuid"][:8], r["document"], r["start"], r["end"], r["code"],
                              r["status"], r["origin"], r["score"], r["excerpt"])
                             for r in rows], align_right=(1, 2, 3))
            return 0
        if args.acting:
            project.use_coder(args.acting, create=False)
        if args.batch is None and doc is None:
            raise ValidationError("name a --batch or a --document to decide in bulk")
        with project.read() as tx:
            found = select_proposals(tx, batch=args.batch, document_id=doc, origin=args.origin,
                                     min_score=args.min_score, exact_only=args.exact)
        uuids = [p.uuid for p in found]
        if args.action == "withdraw":
            n = project.execute(WithdrawProposals(uuids=uuids)).result if uuids else 0
            result = {"withdrawn": n or 0}
        elif uuids:
            out = project.execute(DecideProposals(uuids, args.action))
            result = {args.action + "ed": len(uuids),
                      "codings": list(out.result or [])}
        else:
            result = {args.action + "ed": 0, "codings": []}
    if args.json:
        print_json(result)
    else:
        print(", ".join(f"{k}: {len(v) if isinstance(v, list) else v}"
                        for k, v in result.items()))
    return 0
