"""report: the analysis report as one self-contained HTML file."""

from __future__ import annotations

import argparse
import sys

from annotator.cli.commands.common import add_json_arg, add_project_arg, open_project
from annotator.cli.output import print_json


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(",") if v.strip())


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "report", help="write the analysis report (one HTML file, printable to PDF)",
        description="Summary, codebook, code frequencies per coder, co-occurrence heatmap, "
                    "agreement (paragraph units, every coder pair) and typical passages per "
                    "code, in one self-contained HTML file.")
    add_project_arg(p)
    p.add_argument("--out", "-o", required=True, help="HTML file to write")
    p.add_argument("--format", "-f", choices=("report-html",), default="report-html",
                   help="report format (only report-html for now)")
    p.add_argument("--coders", help="only these coders (comma-separated names)")
    p.add_argument("--codes", action="append", metavar="PATH",
                   help="only this code and the codes below it (repeat for several)")
    p.add_argument("--documents", help="only these documents (comma-separated ids)")
    p.add_argument("--country", help="only documents about this country")
    p.add_argument("--year", type=int, help="only documents about this year")
    p.add_argument("--gold-only", action="store_true", help="only coders marked as gold")
    p.add_argument("--passages", type=int, default=3, metavar="N",
                   help="typical passages per code (default 3; 0 leaves them out)")
    p.add_argument("--cooccurrence", choices=("overlap", "paragraph"), default="overlap",
                   help="co-occurrence rule: overlapping codings (default) or the same "
                        "paragraph")
    p.add_argument("--no-agreement", action="store_true", help="leave agreement out")
    p.add_argument("--title", default="", help="report title")
    add_json_arg(p)
    p.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from annotator.services.exporting.filters import ExportFilter
    from annotator.services.reporting import ReportOptions, write_html_report

    if args.passages < 0:
        from annotator.domain.errors import InputError

        raise InputError("--passages cannot be negative")
    flt = ExportFilter(coders=_split(args.coders), codes=tuple(args.codes or ()),
                       documents=_split(args.documents), country=args.country, year=args.year,
                       gold_only=args.gold_only)
    options = ReportOptions(filter=flt, passages_per_code=args.passages,
                            cooccurrence_rule=args.cooccurrence,
                            agreement=not args.no_agreement, title=args.title)
    with open_project(args) as project:
        result = write_html_report(project, args.out, options)
    if args.json:
        print_json({"path": str(result.path), "bytes": result.bytes,
                    "sections": result.sections, "notes": result.notes})
        return 0
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    print(f"wrote {result.path} ({result.bytes / 1024:,.0f} KB)")
    return 0
