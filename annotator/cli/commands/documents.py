"""import, documents, outline, text, search."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from annotator.cli.commands.common import add_json_arg, add_project_arg, open_project
from annotator.cli.output import for_terminal, print_json, print_table
from annotator.cli.progress import ProgressBar
from annotator.domain.display import shown_name
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
    p.add_argument("--positions", choices=("auto", "codepoints", "utf16"), default="auto",
                   help="REFI-QDA (.qdpx) files: how selection positions count. auto "
                        "(default): the exporting program's habit (NVivo counts UTF-16 "
                        "units) checked against word and line boundaries, per source; "
                        "codepoints: as REFI-QDA says; utf16: as NVivo does")
    add_json_arg(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("documents", help="list documents (id, title, country, year, chars, "
                                         "sections)")
    add_project_arg(p)
    add_json_arg(p)
    p.set_defaults(func=cmd_documents)

    p = sub.add_parser("set-year", help="set a document's year (and country)",
                       description="Correct a document's year, e.g. a report page that did not "
                                   "say it ('annotator documents' marks those with '?'). "
                                   "One undoable action.")
    add_project_arg(p)
    p.add_argument("document", help="document id or unique part of its title")
    p.add_argument("year", type=int)
    p.add_argument("--country", help="also set the country")
    p.add_argument("--coder", help="record the change under this coder")
    p.set_defaults(func=cmd_set_year)

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
                              progress=ProgressBar("importing"), positions=args.positions)
        from annotator.services.series import carry_hints

        hints = carry_hints(project, report.imported)
    if args.json:
        print_json({"imported": [{"id": d.id, "title": d.title, "chars": d.chars}
                                 for d in report.imported],
                    "failed": [{"file": f, "reason": r} for f, r in report.failed],
                    "duplicates": [{"file": f, "reason": r} for f, r in report.duplicates],
                    "warnings": [{"file": f, "warning": w} for f, w in report.warnings]})
    else:  # one line per file and message: names and reasons print with escapes
        for d in report.imported:
            print(shown_name(f"imported {d.id}: {d.title} ({d.chars:,} characters)"))
        for f, w in report.warnings:
            print(shown_name(f"warning: {f}: {w}"), file=sys.stderr)
        for _f, r in report.duplicates:
            print(shown_name(f"skipped: {r}"), file=sys.stderr)
        for _f, r in report.failed:  # each refusal once
            print(shown_name(f"annotator: error: {r}"), file=sys.stderr)
        print(f"{len(report.imported)} imported, {len(report.duplicates)} duplicates skipped, "
              f"{len(report.failed)} failed")
        for new, old in hints[:5]:  # a new edition: its predecessor's codings can follow
            print(f"hint: document {new.id} is the {new.year} edition after document {old.id} "
                  f"({old.year}); carry its codings forward with: annotator carry "
                  f"{args.project} --from {old.id} --to {new.id} --coder NAME", file=sys.stderr)
    return 1 if report.failed or report.duplicates else 0


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
                [(d.id, d.title, d.country or "", d.year or "?", f"{d.chars:,}",
                  sum(1 for s in sections.get(d.id, []) if s.kind in ("section", "subsection")))
                 for d in docs], align_right=(0, 4, 5))
    no_year = [d.id for d in docs if d.year is None]
    if no_year:
        shown = ", ".join(map(str, no_year[:10])) + (", ..." if len(no_year) > 10 else "")
        print(f"\n? = no year ({len(no_year)} document(s): {shown}); they are left out of "
              "country-year tables. Set it: annotator set-year PROJECT DOCUMENT YEAR")
    return 0


def cmd_set_year(args: argparse.Namespace) -> int:
    from annotator.services.document_meta import SetDocumentMeta

    with open_project(args, write=True) as project:
        doc = project.document(args.document)
        project.execute(SetDocumentMeta(doc.id, args.year, args.country))
        doc = project.document(str(doc.id))
    print(f"document {doc.id}: {doc.title} — {doc.country or 'no country'}, {doc.year}")
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
    sys.stdout.write(for_terminal(text[args.start:args.end]))
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
        print(for_terminal(f"{h.document_id}:{h.start}  …{h.before[-40:]}[{h.match}]"
                           f"{h.after[:40]}…"))
    return 0
