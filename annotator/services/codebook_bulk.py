"""Commands that work on whole codebooks: freeze a version, add a shipped template, import.

Import rule chosen here: codes keep the uuids they carry (so a codebook exported from one project
and imported into another stays the same codebook, and re-exports are identical). When some of
those uuids are already in the project the import is refused with a message naming a clashing
code, unless ``new_ids=True``: then every imported code gets a fresh uuid and a warning says so.
Shortcuts already used in the project are dropped with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.domain.codebook import Codebook
from annotator.domain.errors import ValidationError
from annotator.domain.model import new_uuid
from annotator.services.codebook_rules import (
    check_sibling_name, clean_name, node_fields, place_name, require,
)
from annotator.services.codebook_state import Tracker, book_from_records
from annotator.services.commands import Context, Outcome

if TYPE_CHECKING:
    from annotator.storage.store import Tx


@dataclass(slots=True)
class ImportSummary:
    """What an import or template added."""

    added: list[str] = field(default_factory=list)  # uuids of the new codes, in tree order
    root_uuids: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def project_codebook(tx: Tx, version: str = "") -> Codebook:
    """The project's current codebook as a domain object."""
    name = tx.meta().get("name") or "codebook"
    return Codebook(name=name, version=version,
                    nodes=book_from_records(tx.code_records()).nodes)


@dataclass(slots=True)
class FreezeVersion:
    """Record a named, dated snapshot of the codebook; new codings then refer to it."""

    name: str

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        try:
            name = clean_name(self.name)
        except ValidationError as exc:
            raise ValidationError(str(exc).replace("code", "version")) from None
        if name.casefold() == "current":
            raise ValidationError("'current' is reserved for the codebook as it is now; "
                                  "choose another version name")
        if any(v["name"].casefold() == name.casefold() for v in tx.versions()):
            raise ValidationError(f"a codebook version named {name!r} already exists")
        track = Tracker(tx)
        book = project_codebook(tx, name)
        vid = tx.add_version(name, book.to_nested())
        info = next(v for v in tx.versions() if v["id"] == vid)
        track.track_versions([info["uuid"]])
        return track.outcome(f"freeze codebook version '{name}'", [
            ("codebook.freeze", "codebook_version", info["uuid"],
             {"name": name, "codes": len(book)})], info)


def insert_codebook(tx: Tx, track: Tracker, book: Codebook, under: str | None,
                    new_ids: bool, clash_message: str | None = None) -> ImportSummary:
    """Add every code of ``book`` below ``under`` (None = top level); shared by import and
    templates. Refuses an unsound book, uuid clashes (unless ``new_ids``) and name clashes."""
    if not len(book):
        raise ValidationError(f"the codebook {book.name!r} has no codes")
    problems = book.problems()
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ValidationError(f"the codebook {book.name!r} cannot be imported: "
                              f"{problems[0]}{more}")
    current = track.book
    if under is not None:
        require(tx, under, "parent code")
    summary = ImportSummary()
    clashes = [n for n in book.nodes if n.uuid in current]
    if clashes and not new_ids:
        first = clashes[0]
        raise ValidationError(clash_message or (
            f"{len(clashes)} code(s) of {book.name!r} are already in this project with the same "
            f"identifier (e.g. {current.path(first.uuid)!r}); it was probably imported before. "
            "Import it with new identifiers to add a separate copy"))
    ids = {n.uuid: (new_uuid() if new_ids else n.uuid) for n in book.nodes}
    if new_ids and clashes:
        summary.warnings.append(f"{len(book)} codes were given new identifiers, because "
                                f"{len(clashes)} of them were already in the project")
    for root in book.roots():
        try:
            check_sibling_name(current, under, root.name)
        except ValidationError as exc:
            raise ValidationError(f"{exc}; import it under another code or rename it first") \
                from None
    used = {n.shortcut.strip().casefold(): n for n in current.nodes if n.shortcut}
    dropped = [n.name for n in book.nodes
               if n.shortcut and n.shortcut.strip().casefold() in used]
    if dropped:
        summary.warnings.append(f"{len(dropped)} shortcut(s) were left out because the project "
                                f"already uses them: {', '.join(dropped[:5])}")
    first = max((n.position for n in current.children(under)), default=-1) + 1
    items = []
    for node in book.renumbered().walk():
        values = node_fields(node)
        if node.shortcut and node.shortcut.strip().casefold() in used:
            values["shortcut"] = None
        top = node.parent_uuid is None
        items.append({**values, "uuid": ids[node.uuid],
                      "parent_uuid": under if top else ids[node.parent_uuid],
                      "position": first + node.position if top else node.position})
        if top:
            summary.root_uuids.append(ids[node.uuid])
    tx.add_codes_bulk(items)
    summary.added = [it["uuid"] for it in items]
    return summary


@dataclass(slots=True)
class ImportCodebook:
    """Add a codebook read from an exchange file below ``under_parent_uuid`` (None = top)."""

    codebook: Codebook
    under_parent_uuid: str | None = None
    new_ids: bool = False
    warnings: list[str] = field(default_factory=list)  # reader warnings, passed through

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        if self.under_parent_uuid is not None:
            require(tx, self.under_parent_uuid, "parent code")
        track = Tracker(tx)
        summary = insert_codebook(tx, track, self.codebook, self.under_parent_uuid,
                                  self.new_ids)
        summary.warnings[:0] = self.warnings
        where = place_name(track.book, self.under_parent_uuid)
        return track.outcome(f"import codebook '{self.codebook.name}'", [
            ("codebook.import", "codebook", self.codebook.id or None,
             {"name": self.codebook.name, "codes": len(summary.added),
              "under": self.under_parent_uuid, "warnings": summary.warnings, "where": where})],
            summary)


@dataclass(slots=True)
class AddTemplate:
    """Add a shipped taxonomy (see ``annotator codebook templates``) under its own root.

    Templates carry fixed uuids, so adding the same template twice is refused.
    """

    template_id: str
    under_parent_uuid: str | None = None

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        from annotator.services.exchange.templates import load_template

        book = load_template(self.template_id)
        roots = book.roots()
        if len(roots) != 1 or roots[0].name.casefold() != book.name.casefold():
            book = book.nested_under(book.name)  # each template sits under a root of its own
        track = Tracker(tx)
        if any(n.uuid in track.book for n in book.nodes):
            raise ValidationError(f"the template {self.template_id!r} ({book.name}) is already "
                                  "in this project; a template can be added only once because "
                                  "its codes have fixed identifiers")
        summary = insert_codebook(tx, track, book, self.under_parent_uuid, False)
        payload: dict[str, Any] = {"template": self.template_id, "codes": len(summary.added)}
        return track.outcome(f"add template '{book.name}'", [
            ("codebook.template", "codebook", book.id or None, payload)], summary)


__all__ = ["AddTemplate", "FreezeVersion", "ImportCodebook", "ImportSummary", "insert_codebook",
           "project_codebook"]
