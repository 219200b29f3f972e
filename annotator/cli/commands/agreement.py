"""agreement (inter-coder reliability), assign and done (blind double coding), adjudicate
(settle disagreements into the gold standard)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from annotator.cli.commands.common import add_json_arg, add_project_arg, open_project
from annotator.cli.output import print_json, print_table
from annotator.domain.errors import ValidationError

if TYPE_CHECKING:  # loaded lazily: the parser must stay cheap to build
    from annotator.services.agreement import AgreementReport, AgreementRequest

_STATS = "alpha,kappa,pi,fleiss,ac1,bp,percent,alpha_u,char_kappa"
_UNITS = ("character", "sentence", "paragraph", "section", "document")


def _list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _ids(value: str | None) -> list[int]:
    out = []
    for v in _list(value):
        if not v.isdigit():
            raise ValidationError(f"document ids are numbers; got {v!r}")
        out.append(int(v))
    return out


def _selection(p: argparse.ArgumentParser) -> None:
    p.add_argument("--coders", required=True, metavar="A,B[,C]",
                   help="coders to compare, comma-separated")
    p.add_argument("--codes", action="append", default=[], metavar="PATH",
                   help="only this code and the codes below it (path or uuid; repeatable)")
    p.add_argument("--documents", metavar="IDS", help="only these documents (comma-separated "
                                                      "ids)")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "agreement", help="inter-coder agreement per code, level, document and coder pair",
        description="Compare coders on the units chosen. A code counts as present in a unit "
                    "when a coder's passage with it shares a character with the unit. Only "
                    "documents every coder coded (or was assigned) are compared.")
    add_project_arg(p)
    _selection(p)
    p.add_argument("--unit", choices=_UNITS, default="paragraph")
    p.add_argument("--stat", default="alpha,kappa,percent", metavar="LIST",
                   help=f"statistics, comma-separated, or 'all' ({_STATS})")
    p.add_argument("--rule", choices=("any", "majority"), default="any",
                   help="presence rule: any overlap (default) or covering half the unit")
    p.add_argument("--ci", action="store_true", help="95%% bootstrap intervals (slower)")
    p.add_argument("--n-boot", type=int, default=1000, help="bootstrap replicates")
    p.add_argument("--seed", type=int, default=0, help="bootstrap seed")
    p.add_argument("--per-document", action="store_true", help="also print the per-document "
                                                               "table")
    p.add_argument("--definitions", action="store_true", help="also print the definitions used")
    p.add_argument("--matrix-csv", metavar="OUT", help="write the raw reliability matrix (units "
                                                        "x coders per code) to this CSV file")
    add_json_arg(p)
    p.set_defaults(func=cmd_agreement)

    p = sub.add_parser("assign", help="assign documents for blind double coding",
                       description="Assign a seeded random sample of documents (or the given "
                                   "ones) to two or more coders. Blind mode hides the other "
                                   "coders' codings from each of them until they mark the "
                                   "document done.")
    add_project_arg(p)
    p.add_argument("--coders", required=True, metavar="A,B[,C]")
    p.add_argument("--sample", type=int, metavar="N", help="draw N documents at random")
    p.add_argument("--seed", type=int, default=0, help="seed of the random sample")
    p.add_argument("--documents", metavar="IDS", help="these documents (or the pool to sample "
                                                      "from)")
    p.add_argument("--not-blind", action="store_true", help="coders may see each other's "
                                                            "codings")
    add_json_arg(p)
    p.set_defaults(func=cmd_assign)

    p = sub.add_parser("done", help="mark an assigned document done for a coder (ends blind "
                                    "mode there)")
    add_project_arg(p)
    p.add_argument("document", help="document id or a unique part of its title")
    p.add_argument("--coder", required=True, dest="who", metavar="NAME")
    p.add_argument("--undo", action="store_true", help="mark it not done again")
    p.set_defaults(func=cmd_done)

    from annotator.cli.commands.adjudicate import register_adjudicate
    register_adjudicate(sub)


def _request(args: argparse.Namespace) -> AgreementRequest:
    from annotator.services.agreement import STATISTICS, AgreementRequest

    stats = STATISTICS if args.stat.strip() == "all" else tuple(_list(args.stat))
    return AgreementRequest(tuple(_list(args.coders)), unit=args.unit, statistics=stats,
                            codes=tuple(args.codes), documents=tuple(_ids(args.documents)),
                            rule=args.rule, ci=args.ci, n_boot=args.n_boot, seed=args.seed)


def print_report(report: AgreementReport, per_document: bool = False,
                 definitions: bool = False) -> None:
    """The tables the Agreement view shows, as text."""
    from annotator.services.agreement import stat_label
    from annotator.services.agreement.tables import (code_table, document_table, pair_matrix,
                                                     pair_table)

    n_docs = len(report.documents)
    print(f"Agreement of {', '.join(report.coders)} by {report.unit} "
          f"({n_docs} document(s) compared, {len(report.excluded)} left out)")
    print()
    print_table(*code_table(report), align_right=(1,))
    if report.pairwise:
        print()
        print_table(*pair_table(report), align_right=(1,))
        stat = next((s for s in report.statistics if any(s in r.results
                                                         for r in report.pairwise)), None)
        if stat:
            coders, mat = pair_matrix(report, stat)
            from annotator.services.agreement.tables import fmt_value
            print()
            print(f"{stat_label(stat, 2)} between coders:")
            print_table(["", *coders], [[c] + ["" if v is None else fmt_value(v) for v in row]
                                        for c, row in zip(coders, mat, strict=True)])
    if per_document and report.per_document:
        print()
        print_table(*document_table(report), align_right=(1,))
    if report.excluded:
        print()
        print("Left out:")
        for d in report.excluded:
            print(f"  {d['id']}  {d['title']}: {d['reason']}")
    print()
    for line in report.reading:
        print(line)
    for note in report.notes:
        print(f"Note: {note}")
    if definitions:
        print()
        for key, text in report.definitions.items():
            print(f"{key}: {text}")


def cmd_agreement(args: argparse.Namespace) -> int:
    from annotator.services.agreement import load_study, write_matrix_csv
    from annotator.services.agreement.compute import compute_report

    req = _request(args)
    with open_project(args) as project:
        study = load_study(project, req)
        report = compute_report(study)
        lines = write_matrix_csv(study, args.matrix_csv) if args.matrix_csv else None
    if args.json:
        out = report.to_dict()
        if lines is not None:
            out["matrix_csv"] = {"path": args.matrix_csv, "lines": lines}
        print_json(out)
        return 0
    print_report(report, args.per_document, args.definitions)
    if lines is not None:
        print(f"Matrix: {lines} line(s) written to {args.matrix_csv}")
    return 0


def cmd_assign(args: argparse.Namespace) -> int:
    from annotator.services.assignments import assign

    docs = _ids(args.documents) or None
    with open_project(args, write=True) as project:
        chosen = assign(project, _list(args.coders), sample=args.sample, documents=docs,
                        seed=args.seed, blind=not args.not_blind)
        titles = {d.id: d.title for d in project.documents()}
    if args.json:
        print_json({"documents": chosen, "coders": _list(args.coders),
                    "blind": not args.not_blind, "seed": args.seed})
        return 0
    mode = "blind" if not args.not_blind else "open"
    print(f"assigned {len(chosen)} document(s) to {', '.join(_list(args.coders))} ({mode}):")
    for d in chosen:
        print(f"  {d}  {titles[d]}")
    return 0


def cmd_done(args: argparse.Namespace) -> int:
    from annotator.services.assignments import mark_done

    with open_project(args, write=True) as project:
        doc = project.document(args.document)
        out = mark_done(project, doc.id, args.who, not args.undo)
    print(out.description if out.inverse is not None else
          f"'{doc.title}' was already {'not ' if args.undo else ''}done for {args.who}")
    return 0
