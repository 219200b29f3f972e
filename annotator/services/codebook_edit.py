"""Commands that edit single codes: add, update (rename, describe, recolour...), move, reorder,
deprecate. Each returns an exact inverse (see :mod:`annotator.services.codebook_state`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotator.domain.changes import Changes
from annotator.domain.errors import ValidationError
from annotator.domain.model import new_uuid
from annotator.services.codebook_rules import (
    check_shortcut, check_sibling_name, clean_fields, clean_name, default_color, is_inside,
    parent_id, place, require,
)
from annotator.services.codebook_state import Tracker
from annotator.services.commands import Context, Outcome

if TYPE_CHECKING:
    from annotator.storage.store import Tx


class AddCode:
    """Add a code under ``parent_uuid`` (None = top level) at ``position`` (None = last).

    ``fields``: label, definition, inclusion, exclusion, examples, atypical_examples, color,
    shortcut, codable, deprecated, attributes. Without a colour, one is chosen from the palette
    (top level) or as a shade of the parent's colour.
    """

    def __init__(self, name: str, parent_uuid: str | None = None, uuid: str | None = None,
                 position: int | None = None, **fields: Any) -> None:
        self.name = name
        self.parent_uuid = parent_uuid
        self.uuid = uuid
        self.position = position
        self.fields = fields

    def __repr__(self) -> str:
        return f"AddCode({self.name!r}, parent_uuid={self.parent_uuid!r}, uuid={self.uuid!r})"

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        values = clean_fields({**self.fields, "name": self.name})
        uid = self.uuid or new_uuid()
        if tx.code_by_uuid(uid) is not None:
            raise ValidationError(f"a code with uuid {uid} already exists")
        track = Tracker(tx)
        book = track.book
        pid = parent_id(tx, self.parent_uuid)
        check_sibling_name(book, self.parent_uuid, values["name"])
        check_shortcut(book, values.get("shortcut"))
        values.setdefault("color", default_color(book, self.parent_uuid))
        last = max((n.position for n in book.children(self.parent_uuid)), default=-1) + 1
        code = tx.add_code(uuid=uid, parent_id=pid, position=last, **values)
        if self.position is not None:
            place(tx, code.id, pid, self.position)
            code = tx.code(code.id)
        return track.outcome(f"add code '{code.name}'", [
            ("code.add", "code", uid, {"name": code.name, "parent": self.parent_uuid})], code)


class UpdateCode:
    """Change some fields of a code (only those given): rename, re-describe, recolour, set the
    shortcut (None clears it), codable, deprecated, attributes, label. The uuid never changes."""

    def __init__(self, uuid: str, *, expected_version: int | None = None,
                 **fields: Any) -> None:
        self.uuid = uuid
        self.expected_version = expected_version
        self.fields = fields

    def __repr__(self) -> str:
        return f"UpdateCode({self.uuid!r}, {self.fields!r})"

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        values = clean_fields(self.fields)
        code = require(tx, self.uuid)
        track = Tracker(tx)
        book = track.book
        node = book.get(self.uuid)
        changed = {k: v for k, v in values.items() if getattr(node, k) != v}
        if not changed:
            return Outcome(Changes(), None, "no change")
        if "name" in changed:
            check_sibling_name(book, node.parent_uuid, changed["name"], exclude=self.uuid)
        if "shortcut" in changed:
            check_shortcut(book, changed["shortcut"], exclude=self.uuid)
        if changed.get("codable") is False:
            used = tx.count_codings(code_id=code.id)
            if used:
                raise ValidationError(f"{book.path(self.uuid)!r} is used by {used} codings and "
                                      "cannot become a grouping node; recode them first")
        tx.update_code(code.id, self.expected_version, **changed)
        if set(changed) == {"name"}:
            what = f"rename '{node.name}' to '{changed['name']}'"
        else:
            what = f"edit code '{node.name}' ({', '.join(sorted(changed))})"
        payload = {k: v for k, v in changed.items() if k != "attributes"}
        if "attributes" in changed:
            payload["attributes"] = [a.name for a in changed["attributes"]]
        return track.outcome(what, [("code.update", "code", self.uuid, payload)],
                             tx.code(code.id))


class MoveCode:
    """Move a code (with everything below it) under another parent (None = top level)."""

    def __init__(self, uuid: str, parent_uuid: str | None, position: int | None = None) -> None:
        self.uuid = uuid
        self.parent_uuid = parent_uuid
        self.position = position

    def __repr__(self) -> str:
        return f"MoveCode({self.uuid!r}, {self.parent_uuid!r}, {self.position!r})"

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        code = require(tx, self.uuid)
        pid = parent_id(tx, self.parent_uuid)
        track = Tracker(tx)
        book = track.book
        node = book.get(self.uuid)
        if self.parent_uuid is not None and is_inside(book, self.parent_uuid, self.uuid):
            target = ("itself" if self.parent_uuid == self.uuid
                      else f"its own sub-code {book.path(self.parent_uuid)!r}")
            raise ValidationError(f"cannot move {book.path(self.uuid)!r} into {target}: "
                                  "that would make a cycle")
        if node.parent_uuid != self.parent_uuid:
            check_sibling_name(book, self.parent_uuid, node.name, exclude=self.uuid)
        place(tx, code.id, pid, self.position)
        where = "the top level" if self.parent_uuid is None else f"'{book.path(self.parent_uuid)}'"
        return track.outcome(f"move '{node.name}' to {where}", [
            ("code.move", "code", self.uuid, {"from": node.parent_uuid, "to": self.parent_uuid,
                                              "position": self.position})], tx.code(code.id))


class ReorderCode:
    """Change a code's place among its siblings (0 = first)."""

    def __init__(self, uuid: str, position: int) -> None:
        self.uuid = uuid
        self.position = position

    def __repr__(self) -> str:
        return f"ReorderCode({self.uuid!r}, {self.position!r})"

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        code = require(tx, self.uuid)
        track = Tracker(tx)
        place(tx, code.id, code.parent_id, self.position)
        return track.outcome(f"reorder '{code.name}'", [
            ("code.reorder", "code", self.uuid, {"position": self.position})], tx.code(code.id))


class DeprecateCode:
    """Mark a code as deprecated (kept with its codings, but no longer offered for new coding),
    or lift the mark with ``deprecated=False``."""

    def __init__(self, uuid: str, deprecated: bool = True) -> None:
        self.uuid = uuid
        self.deprecated = deprecated

    def __repr__(self) -> str:
        return f"DeprecateCode({self.uuid!r}, {self.deprecated!r})"

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        code = require(tx, self.uuid)
        track = Tracker(tx)
        if code.deprecated == self.deprecated:
            return Outcome(Changes(), None, "no change")
        tx.update_code(code.id, deprecated=self.deprecated)
        verb = "deprecate" if self.deprecated else "restore"
        return track.outcome(f"{verb} '{code.name}'", [
            (f"code.{verb}", "code", self.uuid, {"deprecated": self.deprecated})],
            tx.code(code.id))


__all__ = ["AddCode", "DeprecateCode", "MoveCode", "ReorderCode", "UpdateCode", "clean_name"]
