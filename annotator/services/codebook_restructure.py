"""Commands that restructure the codebook and touch codings: delete, merge, split.

Rules chosen here:

* **Delete** is refused while the code has codings, unless ``codings="recode"`` (with
  ``recode_to``) or ``codings="remove"``. It is refused while the code has sub-codes, unless
  ``children="lift"``: the sub-codes then move up to the deleted code's parent, taking its place.
* **Merge A into B**: A's codings are recoded to B, A's sub-codes move under B (appended), A is
  removed. B may not lie inside A. Undo restores A with its uuid, sub-codes and codings.
* **Split**: a new sibling code is placed right after the original; the chosen codings move to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotator.domain.codebook_colors import shade
from annotator.domain.errors import ValidationError
from annotator.domain.model import Code, new_uuid
from annotator.services.codebook_rules import (
    check_shortcut, check_sibling_name, clean_fields, is_inside, place, require,
)
from annotator.services.codebook_state import Tracker
from annotator.services.commands import Context, Outcome

if TYPE_CHECKING:
    from annotator.domain.codebook import Codebook
    from annotator.storage.store import Tx

CODINGS_CHOICES = ("refuse", "recode", "remove")
CHILDREN_CHOICES = ("refuse", "lift")


def _coding_uuids(tx: Tx, code: Code) -> list[str]:
    return [c.uuid for c in tx.codings(code_ids=[code.id])]


def _target(tx: Tx, book: Codebook, uuid: str | None, what: str, needs_codable: bool) -> Code:
    target = require(tx, uuid, what)
    if needs_codable and not target.codable:
        raise ValidationError(f"{book.path(target.uuid)!r} is a grouping node and cannot take "
                              "codings")
    return target


class DeleteCode:
    """Delete a code; see the module notes for what happens to its codings and sub-codes."""

    def __init__(self, uuid: str, codings: str = "refuse", recode_to: str | None = None,
                 children: str = "refuse") -> None:
        if codings not in CODINGS_CHOICES:
            raise ValidationError(f"codings must be one of {', '.join(CODINGS_CHOICES)}")
        if children not in CHILDREN_CHOICES:
            raise ValidationError(f"children must be one of {', '.join(CHILDREN_CHOICES)}")
        self.uuid = uuid
        self.codings = codings
        self.recode_to = recode_to
        self.children = children

    def __repr__(self) -> str:
        return (f"DeleteCode({self.uuid!r}, codings={self.codings!r}, "
                f"recode_to={self.recode_to!r}, children={self.children!r})")

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        code = require(tx, self.uuid)
        used = _coding_uuids(tx, code)
        track = Tracker(tx, used)
        book = track.book
        path = book.path(self.uuid)
        kids = book.children(self.uuid)
        if kids and self.children == "refuse":
            raise ValidationError(f"{path!r} has {len(kids)} sub-code(s); move or delete them "
                                  "first, or lift them to its parent")
        payload: dict[str, Any] = {"name": code.name, "codings": len(used)}
        if used and self.codings == "refuse":
            raise ValidationError(f"{path!r} is used by {len(used)} coding(s); recode them to "
                                  "another code or remove them first")
        if self.codings == "recode" and self.recode_to is None:
            raise ValidationError("choose the code that receives the codings (recode_to)")
        if self.codings == "recode":
            target = _target(tx, book, self.recode_to, "code to recode to", bool(used))
            if target.uuid == self.uuid:
                raise ValidationError("cannot recode the codings to the code being deleted")
            tx.recode_all(code.id, target.id)
            payload["recoded_to"] = target.uuid
        elif self.codings == "remove":
            for c in tx.codings(code_ids=[code.id]):
                tx.delete_coding(c.id)
            payload["removed_codings"] = len(used)
        if kids:
            for k in kids:
                check_sibling_name(book, _parent_of(book, self.uuid), k.name, exclude=self.uuid)
            for i, k in enumerate(kids):
                kid = tx.code_by_uuid(k.uuid)
                assert kid is not None
                place(tx, kid.id, code.parent_id, _index(book, self.uuid) + 1 + i)
            payload["lifted"] = [k.uuid for k in kids]
        tx.delete_code(code.id)
        return track.outcome(f"delete code '{code.name}'",
                             [("code.delete", "code", self.uuid, payload)])


def _parent_of(book: Codebook, uuid: str) -> str | None:
    return book.get(uuid).parent_uuid


def _index(book: Codebook, uuid: str) -> int:
    siblings = book.children(_parent_of(book, uuid))
    return [n.uuid for n in siblings].index(uuid)


class MergeCodes:
    """Merge ``source_uuid`` into ``target_uuid`` (see the module notes)."""

    def __init__(self, source_uuid: str, target_uuid: str) -> None:
        self.source_uuid = source_uuid
        self.target_uuid = target_uuid

    def __repr__(self) -> str:
        return f"MergeCodes({self.source_uuid!r}, {self.target_uuid!r})"

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        source = require(tx, self.source_uuid, "code to merge")
        used = _coding_uuids(tx, source)
        track = Tracker(tx, used)
        book = track.book
        target = _target(tx, book, self.target_uuid, "code to merge into", bool(used))
        if target.uuid == source.uuid:
            raise ValidationError("cannot merge a code into itself")
        if is_inside(book, target.uuid, source.uuid):
            raise ValidationError(f"cannot merge {book.path(source.uuid)!r} into its own "
                                  f"sub-code {book.path(target.uuid)!r}")
        kids = book.children(source.uuid)
        for k in kids:
            check_sibling_name(book, target.uuid, k.name)
        for k in kids:
            kid = tx.code_by_uuid(k.uuid)
            assert kid is not None
            place(tx, kid.id, target.id, None)
        n = tx.recode_all(source.id, target.id)
        tx.delete_code(source.id)
        return track.outcome(
            f"merge '{source.name}' into '{target.name}'",
            [("code.merge", "code", source.uuid, {"into": target.uuid, "codings": n,
                                                  "moved": [k.uuid for k in kids]})],
            tx.code(target.id))


class SplitCode:
    """Create a sibling code ``new_name`` right after the code and move the chosen codings to it.

    ``fields`` may set the new code's colour, definition and so on; by default it takes a lighter
    shade of the original colour and copies its attributes (so coded attribute values stay valid).
    """

    def __init__(self, uuid: str, new_name: str, coding_uuids: list[str] | tuple[str, ...],
                 new_uuid: str | None = None, **fields: Any) -> None:
        self.uuid = uuid
        self.new_name = new_name
        self.coding_uuids = list(coding_uuids)
        self.new_uuid = new_uuid
        self.fields = fields

    def __repr__(self) -> str:
        return (f"SplitCode({self.uuid!r}, {self.new_name!r}, "
                f"{len(self.coding_uuids)} codings)")

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        values = clean_fields({**self.fields, "name": self.new_name})
        code = require(tx, self.uuid)
        if len(set(self.coding_uuids)) != len(self.coding_uuids):
            raise ValidationError("the same coding is listed twice")
        moving = []
        for cu in self.coding_uuids:
            c = tx.coding_by_uuid(cu)
            if c is None:
                raise ValidationError(f"no coding with uuid {cu}")
            if c.code_id != code.id:
                raise ValidationError(f"coding {cu} is not coded with '{code.name}'")
            moving.append(c)
        uid = self.new_uuid or new_uuid()
        if tx.code_by_uuid(uid) is not None:
            raise ValidationError(f"a code with uuid {uid} already exists")
        track = Tracker(tx, self.coding_uuids)
        book = track.book
        node = book.get(self.uuid)
        check_sibling_name(book, node.parent_uuid, values["name"])
        check_shortcut(book, values.get("shortcut"))
        values.setdefault("color", shade(node.color, 0.35))
        values.setdefault("attributes", node.attributes)
        values.setdefault("codable", True)
        new = tx.add_code(uuid=uid, parent_id=code.parent_id, position=code.position, **values)
        place(tx, new.id, code.parent_id, _index(book, self.uuid) + 1)
        for c in moving:
            tx.update_coding(c.id, code_id=new.id)
        return track.outcome(
            f"split '{values['name']}' from '{code.name}'",
            [("code.split", "code", self.uuid, {"new": uid, "name": values["name"],
                                                "codings": len(moving)})], tx.code(new.id))


__all__ = ["CHILDREN_CHOICES", "CODINGS_CHOICES", "DeleteCode", "MergeCodes", "SplitCode"]
