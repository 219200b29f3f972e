"""adjudicate: list disagreements, settle them into the gold standard, compare with gold.

Registered by :mod:`annotator.cli.commands.agreement` (one module home for review commands).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from annotator.cli.commands.common import add_json_arg, add_project_arg, open_project
from annotator.cli.output import print_json, print_table
from annotator.domain.errors import ValidationError

if TYPE_CHECKING:
    from annotator.services.project import Project

_REVIEW_UNITS = ("span", "sentence", "paragraph", "section", "document")


def register_adjudicate(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "adjudicate", help="list disagreements and settle them into the gold standard",
        description="Items are stretches where the coders differ on a code: chains of "
                    "overlapping passages (--unit span, default) or units where the code is "
                    "present for some coders only. Decisions: accept:<coder>, union, "
                    "intersection, edit (with --edit START:END), reject. Each creates gold "
                    "codings and a record of the decision.")
    add_project_arg(p)
    p.add_argument("--coders", required=True, metavar="A,B[,C]")
    p.add_argument("--unit", choices=_REVIEW_UNITS, default="span")
    p.add_argument("--codes", action="append", default=[], metavar="PATH")
    p.add_argument("--documents", metavar="IDS")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--list", action="store_true", help="list the disagreements")
    what.add_argument("--decide", nargs=2, metavar=("ITEM", "DECISION"),
                      help="settle item ITEM (number or key from --list)")
    what.add_argument("--adopt-agreed", action="store_true",
                      help="copy passages all coders marked identically into gold")
    what.add_argument("--progress", action="store_true", help="print 'N of M settled'")
    what.add_argument("--gold", action="store_true",
                      help="agreement of each coder with the gold standard")
    p.add_argument("--reason", default="", help="why (stored with the decision)")
    p.add_argument("--edit", action="append", default=[], metavar="START:END",
                   help="gold passage for an 'edit' decision (repeatable)")
    p.add_argument("--by", metavar="NAME", help="who decides (recorded; created if new)")
    p.add_argument("--open", action="store_true", help="with --list: only unsettled items")
    p.add_argument("--stat", default="alpha,kappa,percent", help="with --gold: statistics")
    p.add_argument("--gold-unit", default="paragraph",
                   choices=("character", "sentence", "paragraph", "section", "document"),
                   help="with --gold: unit of analysis")
    add_json_arg(p)
    p.set_defaults(func=cmd_adjudicate)


def _edits(values: list[str]) -> list[tuple[int, int]]:
    out = []
    for v in values:
        a, sep, b = v.partition(":")
        if not sep or not a.strip().isdigit() or not b.strip().isdigit():
            raise ValidationError(f"--edit needs START:END, got {v!r}")
        out.append((int(a), int(b)))
    return out


def _short(text: str, n: int = 48) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def cmd_adjudicate(args: argparse.Namespace) -> int:
    from annotator.cli.commands.agreement import _ids, _list

    coders = _list(args.coders)
    docs = _ids(args.documents)
    with open_project(args, write=bool(args.decide or args.adopt_agreed)) as project:
        if args.by:
            project.use_coder(args.by)
        if args.gold:
            return _gold(project, args, coders, docs)
        from annotator.services import adjudication as adj

        if args.adopt_agreed:
            out = adj.adopt_agreed(project, coders, codes=args.codes, documents=docs)
            n = len(out.result) if out is not None else 0
            if args.json:
                print_json({"copied": n})
            else:
                print(f"copied {n} agreed passage(s) to the gold standard")
            return 0
        items = adj.disagreements(project, coders, unit=args.unit, codes=args.codes,
                                  documents=docs)
        if args.decide:
            item = adj.find_item(items, args.decide[0])
            out = adj.decide(project, item, args.decide[1], reason=args.reason,
                             edit=_edits(args.edit))
            items = adj.disagreements(project, coders, unit=args.unit, codes=args.codes,
                                      documents=docs)
            done = adj.progress(items)
            if args.json:
                print_json({"decision": out.result["decision"], "uuid": out.result["uuid"],
                            "gold_codings": out.result["gold_coding_uuids"],
                            "settled": done.settled, "total": done.total})
            else:
                print(f"{out.description} (item {item.number}); {done}")
            return 0
    done = adj.progress(items)
    if args.progress:
        if args.json:
            print_json({"settled": done.settled, "total": done.total})
        else:
            print(done)
        return 0
    shown = [it for it in items if not (args.open and it.settled)]
    if args.json:
        print_json({"settled": done.settled, "total": done.total,
                    "items": [it.to_dict() for it in shown]})
        return 0
    heads = ["#", "key", "doc", "unit", "code"] + coders + ["settled"]
    rows = []
    for it in shown:
        cells = [" | ".join(p.text for p in it.passages[c]) or "—" for c in coders]
        rows.append([it.number, it.key, it.document_id, it.unit_label, it.code_path,
                     *[_short(c) for c in cells],
                     it.settled["decision"] if it.settled else ""])
    if rows:
        print_table(heads, rows, align_right=(0, 2))
    print(done)
    return 0


def _gold(project: Project, args: argparse.Namespace, coders: list[str], docs: list[int]
          ) -> int:
    from annotator.services.agreement.tables import fmt_value
    from annotator.services.gold_agreement import gold_agreement

    stats = tuple(_list_stats(args.stat))
    found = gold_agreement(project, coders, unit=args.gold_unit, statistics=stats,
                           codes=args.codes, documents=docs)
    if args.json:
        print_json([g.to_dict() for g in found])
        return 0
    heads = ["coder", args.gold_unit + "s"] + list(stats) + ["span F1", "precision", "recall"]
    from annotator.services.agreement.tables import units_text
    rows = []
    for g in found:
        o = g.report.overall
        lenient = g.span_f1.details["overlap_match"]
        rows.append([g.coder, units_text(o)] + [fmt_value(o.value(s)) for s in stats]
                    + [fmt_value(g.span_f1.value), fmt_value(lenient["precision"]),
                       fmt_value(lenient["recall"])])
    print(f"Agreement with {found[0].gold if found else 'gold'} (all codes pooled):")
    print_table(heads, rows, align_right=tuple(range(1, len(heads))))
    return 0


def _list_stats(value: str) -> list[str]:
    from annotator.services.agreement import STATISTICS

    if value.strip() == "all":
        return list(STATISTICS)
    return [v.strip() for v in value.split(",") if v.strip()]
