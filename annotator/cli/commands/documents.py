"""import, documents, outline, text, search."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from annotator.cli.commands.common import add_json_arg, add_project_arg, open_project
from annotator.cli.output import print_json, print_table
from annotator.cli.progress import ProgressBar
from annotator.domain.model import DocumentInfo, Segment


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "import", help="import report files or folders (.txt .md .html .docx .pdf)",
        description="Import files into a project. Folders import every supported file "
                    "(with --recursive, also in sub-folders). Each file is imported on its own: "
                    "good files are kept, bad ones are listed with the reason. A file whose text "
                    "is already in the project is refused unless --allow-duplicate is given.")
    add_project_arg(p)
    p.add_argument("paths", nargs="+", help="files or folders")
    p.add_argument("-r", "--recursive", action="store_true", help="descend into sub-folders")
    p.add_argument("--allow-duplicate", action="store_true",
                   help="import even when the same text is already in the project")
    p.add_argument("--coder", help="record the import under this coder")
    add_json_arg(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("documents", help="list documents (id, title, country, year, chars, "
                                         "sections)")
    add_project_arg(p)
    add_json_arg(p)
    p.set_defaults(func=cmd_documents)

    p = sub.add_parser("outline", help="the section tree of one document, with offsets",
                       description="Show the sections of a document. Offsets are code points "
                                   "into the document's text; end is exclusive. '?' marks a "
                                   "heading that was reconstructed (inferred).")
    add_project_arg(p)
    p.add_argument("document", help="document id (see 'documents') or a unique part of its title")
    add_json_arg(p)
    p.set_defaults(func=cmd_outline)

    p = sub.add_parser("text", help="print a document's text (or a slice of it)")
    add_project_arg(p)
    p.add_argument("document", help="document id or unique part of its title")
    p.add_argument("--start", type=int, default=0)
    p.add_argument("--end", type=int)
    p.set_defaults(func=cmd_text)

    p = sub.add_parser("search", help="search all documents (accent- and case-insensitive)")
    add_project_arg(p)
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=200)
    add_json_arg(p)
    p.set_defaults(func=cmd_search)


def section_json(s: Segment) -> dict[str, Any]:
    return {"path": s.path, "title": s.title, "start": s.start, "end": s.end,
            "inferred": s.inferred, "kind": s.kind, "level": s.level}


def document_json(d: DocumentInfo, sections: list[Segment], paragraphs: int) -> dict[str, Any]:
    return {"id": d.id, "uuid": d.uuid, "title": d.title, "country": d.country, "year": d.year,
            "source_name": d.source_name, "source_type": d.source_type, "chars": d.chars,
            "sha256": d.sha256, "paragraphs": paragraphs,
            "imported_at": d.imported_at.isoformat() if d.imported_at else None,
            "sections": [section_json(s) for s in sections]}


def cmd_import(args: argparse.Namespace) -> int:
    from annotator.services.importing.pipeline import import_files

    with open_project(args, write=True) as project:
        report = import_files(project, args.paths, recursive=args.recursive,
                              allow_duplicate=args.allow_duplicate,
                              progress=ProgressBar("importing"))
    if args.json:
        print_json({"imported": [{"id": d.id, "title": d.title, "chars": d.chars}
                                 for d in report.imported],
                    "failed": [{"file": f, "reason": r} for f, r in report.failed],
                    "duplicates": [{"file": f, "reason": r} for f, r in report.duplicates],
                    "warnings": [{"file": f, "warning": w} for f, w in report.warnings]})
    else:
        for d in report.imported:
            print(f"imported {d.id}: {d.title} ({d.chars:,} characters)")
        for f, w in report.warnings:
            print(f"warning: {f}: {w}", file=sys.stderr)
        for _f, r in report.duplicates:
            print(f"skipped: {r}", file=sys.stderr)
        for _f, r in report.failed:
            print(f"failed: {r}", file=sys.stderr)
        print(f"{len(report.imported)} imported, {len(report.duplicates)} duplicates skipped, "
              f"{len(report.failed)} failed")
    if report.failed or report.duplicates:
        if not report.imported:
            first = (report.failed or report.duplicates)[0][1]
            if not args.json:
                print(f"annotator: error: {first}", file=sys.stderr)
        return 1
    return 0


def cmd_documents(args: argparse.Namespace) -> int:
    with open_project(args) as project, project.read() as tx:
        docs = tx.documents()
        sections = tx.all_section_segments()
        paragraphs = tx.paragraph_counts()
    if args.json:
        print_json([document_json(d, sections.get(d.id, []), paragraphs.get(d.id, 0))
                    for d in docs])
        return 0
    if not docs:
        print("no documents yet: add some with 'annotator import PROJECT FILES...'")
        return 0
    print_table(["id", "title", "country", "year", "chars", "sections"],
                [(d.id, d.title, d.country or "", d.year or "", f"{d.chars:,}",
                  sum(1 for s in sections.get(d.id, []) if s.kind in ("section", "subsection")))
                 for d in docs], align_right=(0, 4, 5))
    return 0


def cmd_outline(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        doc = project.document(args.document)
        outline = project.outline(doc.id)
    if args.json:
        print_json({"document": doc.id, "title": doc.title,
                    "sections": [section_json(s) for s in outline]})
        return 0
    print(f"{doc.title}  ({doc.chars:,} characters)")
    if not outline:
        print("  (no sections: this document has no recognised report structure)")
    for s in outline:
        indent = "  " * s.level
        mark = " ?" if s.inferred else ""
        print(f"{indent}{s.path:<8} {s.title[:70]}{mark}  [{s.start}, {s.end})")
    if any(s.inferred for s in outline):
        print("\n? = heading reconstructed by annotator (not in the source text); confirm it in "
              "the app")
    return 0


def cmd_text(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        doc = project.document(args.document)
        text = project.text(doc.id)
    sys.stdout.write(text[args.start:args.end])
    if not text[args.start:args.end].endswith("\n"):
        sys.stdout.write("\n")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        hits = project.search(args.query, limit=args.limit)
    if args.json:
        print_json([{"document": h.document_id, "title": h.title, "start": h.start,
                     "end": h.end, "before": h.before, "match": h.match, "after": h.after}
                    for h in hits])
        return 0
    if not hits:
        print("no matches")
    for h in hits:
        print(f"{h.document_id}:{h.start}  …{h.before[-40:]}[{h.match}]{h.after[:40]}…")
    return 0
