"""export: codings tables, matrices, evidence, REFI-QDA projects and coded documents."""

from __future__ import annotations

import argparse
import sys

from annotator.cli.commands.common import add_json_arg, add_project_arg, open_project
from annotator.cli.output import print_json

_FORMAT_HELP = """formats:
  codings-csv           one row per coding (CSV; --parquet adds a .parquet file)
  codings-xlsx          the same as an Excel workbook with codes and documents sheets
  matrix-code-document  codings per document (rows) and code (columns)
  matrix-presence       0/1 per unit (--unit paragraph|section) and code
  evidence              country, year, code, coder: attribute scores and supporting codings
  qdpx                  REFI-QDA project for NVivo, ATLAS.ti, MAXQDA, QualCoder
  coded-html            the documents with highlighted codings (one self-contained file)
  coded-docx            the same as a Word document

short names: csv = codings-csv, xlsx = codings-xlsx, html = coded-html, docx = coded-docx.
Without --format, the extension of --out decides (.csv, .xlsx, .html, .docx, .qdpx).
"""


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(",") if v.strip())


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from annotator.services.exporting.dispatch import FORMATS, UNITS

    p = sub.add_parser(
        "export", help="export codings, matrices, a REFI-QDA project or coded documents",
        description="Write the project's codings in a form other tools read.\nFilters narrow "
                    "what is exported; the file is written completely or not at all.",
        epilog=_FORMAT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_project_arg(p)
    from annotator.services.exporting.format_names import ALIASES

    p.add_argument("--format", "-f", metavar="FORMAT", choices=(*FORMATS, *ALIASES),
                   help="one of: " + ", ".join(FORMATS) + "; or csv, xlsx, html, docx; "
                        "default: from the --out extension")
    p.add_argument("--out", "-o", required=True, help="file to write")
    p.add_argument("--coders", help="only these coders (comma-separated names)")
    p.add_argument("--codes", action="append", metavar="PATH",
                   help="only this code and the codes below it (path such as "
                        "'Rights/Torture'; repeat for several)")
    p.add_argument("--documents", help="only these documents (comma-separated ids)")
    p.add_argument("--country", help="only documents about this country")
    p.add_argument("--year", type=int, help="only documents about this year")
    p.add_argument("--gold-only", action="store_true", help="only coders marked as gold")
    p.add_argument("--unit", choices=UNITS, default="paragraph",
                   help="unit of the presence matrix (default: paragraph)")
    p.add_argument("--parquet", action="store_true",
                   help="also write Parquet next to the CSV (needs pyarrow)")
    p.add_argument("--raw", action="store_true",
                   help="write CSV/Excel cells exactly as stored: no leading apostrophe (or "
                        "Excel quote prefix) on text starting with = + - @ tab or CR, which "
                        "otherwise guards against formula injection")
    add_json_arg(p)
    p.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from annotator.services.exporting.dispatch import run_export
    from annotator.services.exporting.filters import ExportFilter
    from annotator.services.exporting.format_names import resolve_format

    args.format = resolve_format(args.format, args.out)
    flt = ExportFilter(coders=_split(args.coders), codes=tuple(args.codes or ()),
                       documents=_split(args.documents), country=args.country,
                       year=args.year, gold_only=args.gold_only)
    with open_project(args) as project:
        result = run_export(project, args.format, args.out, flt, unit=args.unit,
                            parquet=args.parquet, raw=args.raw)
    if args.json:
        print_json({"format": result.format, "paths": [str(p) for p in result.paths],
                    "rows": result.rows, "notes": result.notes})
        return 0
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    for path in result.paths:
        print(f"wrote {path}")
    label = "rows" if result.format in ("matrix-code-document", "matrix-presence",
                                        "evidence") else "codings"
    print(f"{result.rows:,} {label}")
    return 0
