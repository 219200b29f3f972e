"""suggest: code suggestions from the shipped outline model or the project's own model.

    annotator suggest P --document 3 --json                     # print, write nothing
    annotator suggest P --as-coder model-shipped [--documents 1,2] [--min-confidence 0.5]
    annotator suggest P --model project --train                 # (re)train the project model
    annotator suggest P --document 3 --propose --coder Amina    # offer as proposals
"""

from __future__ import annotations

import argparse
import sys

from annotator.cli.commands.common import add_json_arg, add_project_arg, open_project
from annotator.cli.output import print_json, print_table
from annotator.domain.errors import ValidationError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "suggest", help="suggest codes offline (shipped outline model or the project's model)",
        description="Scores every code for each paragraph (or sentence) and prints the best "
                    "one with its confidence and the words behind it. Nothing leaves the "
                    "computer. --as-coder writes the suggestions as the codings of a "
                    "pseudo-coder marked as a model, so 'annotator agreement' can compare it "
                    "with people and gold; --propose offers them as proposals to review.")
    add_project_arg(p)
    p.add_argument("--document", metavar="ID", help="one document (id or uuid)")
    p.add_argument("--documents", metavar="IDS", help="comma-separated ids (default: all)")
    p.add_argument("--model", choices=("shipped", "project"), default="shipped")
    p.add_argument("--unit", choices=("paragraph", "sentence"), default="paragraph")
    p.add_argument("--min-confidence", type=float, default=0.0, metavar="P")
    p.add_argument("--no-context", action="store_true",
                   help="score each unit alone (not as a sequence of the document's units)")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--as-coder", metavar="NAME",
                      help="write the suggestions as codings of the model coder NAME")
    what.add_argument("--propose", action="store_true",
                      help="offer the suggestions as proposals to --coder")
    what.add_argument("--train", action="store_true",
                      help="(re)train the project model from the project's codings")
    p.add_argument("--min-examples", type=int, default=20, metavar="N",
                   help="with --train: coded examples a code needs (default 20)")
    p.add_argument("--coder", help="act as this coder (created if new)")
    add_json_arg(p)
    p.set_defaults(func=cmd_suggest)


def _doc_ids(project, args: argparse.Namespace) -> list[int]:  # type: ignore[no-untyped-def]
    if args.document:
        return [project.document(int(args.document) if args.document.isdigit()
                                 else args.document).id]
    if args.documents:
        try:
            wanted = [int(x) for x in args.documents.split(",") if x.strip()]
        except ValueError:
            raise ValidationError(f"--documents needs ids like 1,2,5; got {args.documents!r}"
                                  ) from None
        return [project.document(d).id for d in wanted]
    return [d.id for d in project.documents()]


def cmd_suggest(args: argparse.Namespace) -> int:
    from annotator.services.codebook import codebook
    from annotator.services.suggest import run
    from annotator.services.suggest.project_model import (load_project_model,
                                                          retrain_if_due,
                                                          train_project_model)
    from annotator.services.suggest.sources import bind_shipped

    if not 0.0 <= args.min_confidence <= 1.0:
        raise ValidationError("--min-confidence must be between 0 and 1")
    write = bool(args.as_coder or args.propose)
    with open_project(args, write=write) as project:
        book = codebook(project)
        if args.train:
            model, short = train_project_model(project, book, min_examples=args.min_examples)
            codes = [c for c in model.classes if c != "__none__"]
            print(f"trained the project model on {model.meta['examples']} examples of "
                  f"{len(codes)} codes")
            if short:
                print(f"needs at least {args.min_examples} coded examples of: "
                      + ", ".join(short), file=sys.stderr)
            return 0
        if args.model == "project":
            fresh = retrain_if_due(project, book, min_examples=args.min_examples)
            if fresh is not None:
                print(f"retrained the project model ({fresh.meta['codings']} codings)",
                      file=sys.stderr)
        bound = (load_project_model(project, book) if args.model == "project"
                 else bind_shipped(book))
        docs = _doc_ids(project, args)
        if args.propose:
            if project.coder is None:
                raise ValidationError("--propose needs --coder (whose review it awaits)")
            blocked = [d for d in docs
                       if not run.suggestions_allowed(project, project.coder.id, d)[0]]
            for d in blocked:
                print(f"document {d}: {project.coder.name} codes it blind; no suggestions until "
                      "it is marked done", file=sys.stderr)
            docs = [d for d in docs if d not in blocked]
        found = []
        for doc in docs:
            found += run.suggest_document(project, bound, book, doc, unit=args.unit,
                                          min_confidence=args.min_confidence,
                                          in_order=not args.no_context)
        if args.as_coder:
            coder = run.model_coder(project, args.as_coder)
            out = run.write_as_coder(project, coder, found, bound.ref)
            print(f"{len(out.result)} suggestions written as codings of {coder.name} "
                  f"(a model) in {len(docs)} document(s)")
            return 0
        if args.propose:
            made = run.propose(project, found, bound.ref, args.unit).result
            print(f"{len(made.uuids)} suggestions offered as proposals (batch {made.batch})")
            return 0
        if args.json:
            print_json([s.to_json() for s in found])
            return 0
        print_table(["doc", "start", "end", "code", "conf", "why"],
                    [[s.document_id, s.start, s.end, s.code_path, f"{s.confidence:.2f}",
                      ", ".join(s.features[:4])] for s in found])
    return 0
