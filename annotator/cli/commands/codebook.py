"""codebook: templates, list, import/export, versions (freeze, diff) and edits.

Codes are named by path ("Parent/Child"; write a "/" inside a name as "\\/") or by uuid.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from annotator.cli.commands.common import (
    add_coder_arg, add_json_arg, add_project_arg, open_project,
)
from annotator.cli.output import print_json, print_table
from annotator.domain.codebook import Codebook, CodeNode, split_path
from annotator.domain.errors import NotFoundError, ValidationError
from annotator.services import codebook as cb
from annotator.services import codebook_commands as cmds
from annotator.services.project import Project

CODE_HELP = "code path ('Parent/Child') or uuid"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    top = sub.add_parser(
        "codebook", help="the codebook: templates, list, import/export, versions, edits",
        description="Work with the project's codebook. Codes are named by their path "
                    "('Parent/Child', a '/' inside a name written '\\/') or by uuid. Every "
                    "edit is recorded in the event log ('annotator log').")
    cs = top.add_subparsers(dest="codebook_command", metavar="ACTION", required=True)

    p = cs.add_parser("templates", help="list the shipped taxonomies")
    add_json_arg(p)
    p.set_defaults(func=cmd_templates)

    p = _sub(cs, "template", "add shipped taxonomies, each under its own root")
    p.add_argument("names", nargs="+", metavar="NAME", help="template id (see 'templates')")
    p.set_defaults(func=cmd_template)

    p = cs.add_parser("list", help="one line (or JSON object) per code, with coding counts")
    add_project_arg(p)
    add_json_arg(p)
    p.set_defaults(func=cmd_list)

    p = _sub(cs, "import", "add the codes of a .qdc, .csv or .json codebook file")
    p.add_argument("file")
    p.add_argument("--under", metavar="CODE", help="put the imported codes below this code")
    p.add_argument("--new-ids", action="store_true",
                   help="give every imported code a new uuid (when the codebook is already in "
                        "the project and a second copy is wanted)")
    p.set_defaults(func=cmd_import)

    p = cs.add_parser("export", help="write the codebook (.qdc .csv .json .md .html .docx)")
    add_project_arg(p)
    p.add_argument("file", help="the format is taken from the extension")
    p.add_argument("--examples", type=int, default=0, metavar="N",
                   help="add up to N coded passages per code (.md .html .docx)")
    p.set_defaults(func=cmd_export)

    p = _sub(cs, "freeze", "record a named, dated version of the codebook")
    p.add_argument("name")
    p.set_defaults(func=cmd_freeze)

    p = cs.add_parser("versions", help="list frozen versions")
    add_project_arg(p)
    add_json_arg(p)
    p.set_defaults(func=cmd_versions)

    p = cs.add_parser("diff", help="what changed between two versions")
    add_project_arg(p)
    p.add_argument("v1", help="older version name")
    p.add_argument("v2", nargs="?", default=cb.CURRENT,
                   help="newer version name, or 'current' (the default)")
    add_json_arg(p)
    p.set_defaults(func=cmd_diff)

    p = _sub(cs, "add", "add a code ('Parent/Name' adds Name under Parent)")
    p.add_argument("path", help="path of the new code")
    p.add_argument("--parent", metavar="CODE", help="the path is relative to this code")
    _field_args(p)
    p.set_defaults(func=cmd_add)

    p = _sub(cs, "edit", "change a code's definition, criteria, colour, shortcut...")
    p.add_argument("code", help=CODE_HELP)
    _field_args(p)
    p.add_argument("--codable", action="store_true", help="allow applying it to text again")
    p.add_argument("--no-shortcut", action="store_true", help="remove its shortcut")
    p.set_defaults(func=cmd_edit)

    p = _sub(cs, "rename", "rename a code (its uuid stays the same)")
    p.add_argument("code", help=CODE_HELP)
    p.add_argument("new_name")
    p.set_defaults(func=cmd_rename)

    p = _sub(cs, "move", "move a code (and its sub-codes) under another code")
    p.add_argument("code", help=CODE_HELP)
    p.add_argument("parent", nargs="?", help="new parent (omit with --top)")
    p.add_argument("--top", action="store_true", help="move it to the top level")
    p.add_argument("--position", type=int, help="place among the new siblings (0 = first)")
    p.set_defaults(func=cmd_move)

    p = _sub(cs, "reorder", "change a code's place among its siblings")
    p.add_argument("code", help=CODE_HELP)
    p.add_argument("position", type=int, help="0 = first")
    p.set_defaults(func=cmd_reorder)

    p = _sub(cs, "merge", "merge SOURCE into TARGET: codings recoded, sub-codes moved")
    p.add_argument("source", help=CODE_HELP)
    p.add_argument("target", help=CODE_HELP)
    p.set_defaults(func=cmd_merge)

    p = _sub(cs, "split", "move some codings of a code to a new sibling code")
    p.add_argument("code", help=CODE_HELP)
    p.add_argument("new_name")
    p.add_argument("codings", nargs="*", metavar="CODING_UUID",
                   help="codings to move (see 'annotator codings')")
    p.set_defaults(func=cmd_split)

    p = _sub(cs, "delete", "delete a code (refused while it has codings or sub-codes)")
    p.add_argument("code", help=CODE_HELP)
    how = p.add_mutually_exclusive_group()
    how.add_argument("--recode-to", metavar="CODE", help="move its codings to this code first")
    how.add_argument("--remove-codings", action="store_true", help="delete its codings too")
    p.add_argument("--lift-children", action="store_true",
                   help="move its sub-codes up to its parent instead of refusing")
    p.set_defaults(func=cmd_delete)

    p = _sub(cs, "deprecate", "mark a code as deprecated (kept, but not offered for coding)")
    p.add_argument("code", help=CODE_HELP)
    p.add_argument("--undo", action="store_true", help="lift the mark")
    p.set_defaults(func=cmd_deprecate)

    from annotator.cli.commands import coding  # 'code' and 'codings' live next to the codebook
    coding.register(sub)


def _sub(cs: argparse._SubParsersAction,  # type: ignore[type-arg]
         name: str, help_: str) -> argparse.ArgumentParser:
    p = cs.add_parser(name, help=help_, description=help_[0].upper() + help_[1:] + ".")
    add_project_arg(p)
    add_coder_arg(p)
    return p


def _field_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--color", help="#RRGGBB, rgb(r, g, b) or a colour name")
    p.add_argument("--label", help="short label")
    p.add_argument("--definition")
    p.add_argument("--inclusion", help="inclusion criteria")
    p.add_argument("--exclusion", help="exclusion criteria")
    p.add_argument("--typical", help="typical examples")
    p.add_argument("--atypical", help="atypical examples")
    p.add_argument("--shortcut", help="keyboard shortcut, e.g. Ctrl+1")
    p.add_argument("--grouping", action="store_true",
                   help="a grouping node: it cannot be applied to text")


def _fields(args: argparse.Namespace) -> dict[str, Any]:
    names = {"color": "color", "label": "label", "definition": "definition",
             "inclusion": "inclusion", "exclusion": "exclusion", "typical": "examples",
             "atypical": "atypical_examples",
             "shortcut": "shortcut"}
    out = {field: getattr(args, arg) for arg, field in names.items()
           if getattr(args, arg) is not None}
    if args.grouping:
        out["codable"] = False
    return out


def _code(project: Project, ref: str, book: Codebook | None = None) -> CodeNode:
    return cb.resolve(book or cb.codebook(project), ref)


def _done(outcome_description: str) -> int:
    print(outcome_description)
    return 0


# ----- read-only ------------------------------------------------------------------------------
def cmd_templates(args: argparse.Namespace) -> int:
    from annotator.services.exchange.templates import list_templates

    found = list_templates()
    if args.json:
        print_json([{"id": t.id, "name": t.name, "about": t.about, "codes": t.codes,
                     "version": t.version} for t in found])
    elif not found:
        print("no templates installed")
    else:
        print_table(["id", "name", "codes"], [(t.id, t.name, t.codes) for t in found],
                    align_right=(2,))
    return 0


def code_json(book: Codebook, node: CodeNode, total: int,
              by_coder: dict[str, int]) -> dict[str, Any]:
    return {"uuid": node.uuid, "path": book.path(node.uuid), "name": node.name,
            "parent_uuid": node.parent_uuid, "color": node.color, "codable": node.codable,
            "deprecated": node.deprecated, "label": node.label, "definition": node.definition,
            "inclusion": node.inclusion, "exclusion": node.exclusion,
            "examples": node.examples, "atypical_examples": node.atypical_examples,
            "shortcut": node.shortcut, "position": node.position,
            "attributes": [a.to_json() for a in node.attributes],
            "codings": total, "codings_by_coder": by_coder}


def cmd_list(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        book = cb.codebook(project)
        totals = cb.counts_by_uuid(project)
        per_coder = {c.name: cb.counts_by_uuid(project, c.id) for c in project.coders()}
    if args.json:
        print_json([code_json(book, n, totals.get(n.uuid, 0),
                              {name: m[n.uuid] for name, m in per_coder.items()
                               if m.get(n.uuid)}) for n in book.walk()])
        return 0
    if not len(book):
        print("the codebook is empty: add codes with 'annotator codebook add' or a template")
        return 0
    for depth, n in book.walk_with_depth():
        marks = "".join([" [group]" if not n.codable else "",
                         " [deprecated]" if n.deprecated else "",
                         f" [{n.shortcut}]" if n.shortcut else ""])
        print(f"{'  ' * depth}{n.name}  {n.color}  ({totals.get(n.uuid, 0)}){marks}")
    return 0


def cmd_versions(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        found = cb.versions(project)
    if args.json:
        print_json(found)
    elif not found:
        print("no frozen versions yet ('annotator codebook freeze PROJECT NAME')")
    else:
        print_table(["name", "frozen at"], [(v["name"], v["created_at"].strftime(
            "%Y-%m-%d %H:%M")) for v in found])
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        diff = cb.diff_versions(project, args.v1, args.v2)
    if args.json:
        print_json(diff.to_dict())
    elif not diff:
        print(f"no changes between {args.v1} and {args.v2}")
    else:
        for line in diff.lines():
            print(line)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    if args.examples < 0:
        raise ValidationError("--examples must be 0 or more")
    with open_project(args) as project:
        warnings = cb.export_codebook(project, args.file, examples=args.examples)
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    print(f"wrote {args.file}")
    return 0


# ----- changes --------------------------------------------------------------------------------
def cmd_template(args: argparse.Namespace) -> int:
    from annotator.services.commands import Batch

    with open_project(args, write=True) as project:  # all templates or none
        out = project.execute(Batch([cmds.AddTemplate(n) for n in args.names], "add templates"))
    for name, summary in zip(args.names, out.result, strict=True):
        print(f"added template {name}: {len(summary.added)} codes")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    with open_project(args, write=True) as project:
        summary = cb.import_codebook(project, args.file, under=args.under, new_ids=args.new_ids)
    for w in summary.warnings:
        print(f"warning: {w}", file=sys.stderr)
    print(f"imported {len(summary.added)} codes from {args.file}")
    return 0


def cmd_freeze(args: argparse.Namespace) -> int:
    with open_project(args, write=True) as project:
        return _done(project.execute(cmds.FreezeVersion(args.name)).description)


def cmd_add(args: argparse.Namespace) -> int:
    parts = split_path(args.path)
    with open_project(args, write=True) as project:
        book = cb.codebook(project)
        parent = _code(project, args.parent, book).uuid if args.parent else None
        for part in parts[:-1]:
            hit = next((n for n in book.children(parent) if n.name == part), None)
            if hit is None:
                where = f"under {book.path(parent)!r}" if parent else "at the top level"
                raise NotFoundError(f"no code {part!r} {where}; add the parent first")
            parent = hit.uuid
        out = project.execute(cmds.AddCode(parts[-1], parent, **_fields(args)))
        print(f"added {cb.codebook(project).path(out.result.uuid)} ({out.result.uuid})")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    fields = _fields(args)
    if args.codable:
        if args.grouping:
            raise ValidationError("choose either --codable or --grouping")
        fields["codable"] = True
    if args.no_shortcut:
        fields["shortcut"] = None
    if not fields:
        raise ValidationError("nothing to change: give --definition, --color, ...")
    with open_project(args, write=True) as project:
        node = _code(project, args.code)
        return _done(project.execute(cmds.UpdateCode(node.uuid, **fields)).description)


def cmd_rename(args: argparse.Namespace) -> int:
    with open_project(args, write=True) as project:
        node = _code(project, args.code)
        return _done(project.execute(cmds.UpdateCode(node.uuid, name=args.new_name)).description)


def cmd_move(args: argparse.Namespace) -> int:
    if bool(args.parent) == bool(args.top):
        raise ValidationError("give the new parent, or --top for the top level")
    with open_project(args, write=True) as project:
        book = cb.codebook(project)
        node = _code(project, args.code, book)
        parent = None if args.top else _code(project, args.parent, book).uuid
        return _done(project.execute(cmds.MoveCode(node.uuid, parent, args.position)).description)


def cmd_reorder(args: argparse.Namespace) -> int:
    with open_project(args, write=True) as project:
        node = _code(project, args.code)
        return _done(project.execute(cmds.ReorderCode(node.uuid, args.position)).description)


def cmd_merge(args: argparse.Namespace) -> int:
    with open_project(args, write=True) as project:
        book = cb.codebook(project)
        source, target = _code(project, args.source, book), _code(project, args.target, book)
        return _done(project.execute(cmds.MergeCodes(source.uuid, target.uuid)).description)


def cmd_split(args: argparse.Namespace) -> int:
    with open_project(args, write=True) as project:
        node = _code(project, args.code)
        out = project.execute(cmds.SplitCode(node.uuid, args.new_name, args.codings))
        print(f"{out.description} ({len(args.codings)} codings moved; new uuid "
              f"{out.result.uuid})")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    with open_project(args, write=True) as project:
        book = cb.codebook(project)
        node = _code(project, args.code, book)
        if args.recode_to:
            how, target = "recode", _code(project, args.recode_to, book).uuid
        else:
            how, target = ("remove" if args.remove_codings else "refuse"), None
        children = "lift" if args.lift_children else "refuse"
        return _done(project.execute(cmds.DeleteCode(node.uuid, how, target, children))
                     .description)


def cmd_deprecate(args: argparse.Namespace) -> int:
    with open_project(args, write=True) as project:
        node = _code(project, args.code)
        out = project.execute(cmds.DeprecateCode(node.uuid, not args.undo))
        return _done(out.description)
