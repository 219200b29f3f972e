"""Commands on codings: apply a code, delete, change bounds/code/memo/attributes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from annotator.domain.changes import Changes
from annotator.domain.errors import NotFoundError, ValidationError
from annotator.domain.model import Code, Coding, new_uuid
from annotator.services.commands import Command, Context, Outcome

if TYPE_CHECKING:
    from annotator.storage.store import Tx


def _code(tx: Tx, code_uuid: str) -> Code:
    code = tx.code_by_uuid(code_uuid)
    if code is None:
        raise NotFoundError(f"no code with uuid {code_uuid}")
    return code


def _coding(tx: Tx, uuid: str) -> Coding:
    c = tx.coding_by_uuid(uuid)
    if c is None:
        raise NotFoundError(f"no coding with uuid {uuid} (was it deleted?)")
    return c


def _check_bounds(tx: Tx, document_id: int, start: int, end: int) -> None:
    doc = tx.document(document_id)
    if not 0 <= start < end <= doc.chars:
        raise ValidationError(
            f"passage [{start}, {end}) is outside the document (0..{doc.chars}) or empty")


def _changes(c: Coding, *, gone: bool = False, record: bool = True) -> Changes:
    """What a change of coding ``c`` touched; its state afterwards (``c``, or ``None`` when it
    is ``gone``) goes along unless ``record`` is False."""
    return Changes(codings={c.id}, coded_documents={c.document_id}, codes={c.code_id},
                   records={c.id: None if gone else c} if record else {})


@dataclass(slots=True)
class ApplyCode:
    """Code the passage ``[start, end)`` of a document for the acting coder (or ``coder_id``)."""

    document_id: int
    start: int
    end: int
    code_uuid: str
    memo: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    uuid: str | None = None
    coder_id: int | None = None
    created_at: datetime | None = None
    #: provenance of a coding made from a proposal ("carry", "suggest") and its reference
    origin: str | None = None
    origin_ref: str | None = None

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        code = _code(tx, self.code_uuid)
        if not code.codable:
            raise ValidationError(f"'{code.name}' is a grouping node and cannot be applied")
        if code.deprecated and self.uuid is None:
            raise ValidationError(f"'{code.name}' is deprecated; choose its replacement")
        coder_id = self.coder_id if self.coder_id is not None else (
            ctx.coder.id if ctx.coder else None)
        if coder_id is None:
            raise ValidationError("choose a coder before coding")
        _check_bounds(tx, self.document_id, self.start, self.end)
        for a in code.attributes:
            v = self.attributes.get(a.name)
            if v is not None and a.levels and a.type in ("ordinal", "choice") and v not in a.levels:
                raise ValidationError(f"{a.name}: {v!r} is not one of {', '.join(a.levels)}")
        c = tx.add_coding(document_id=self.document_id, start=self.start, end=self.end,
                          code_id=code.id, coder_id=coder_id, memo=self.memo,
                          attributes=dict(self.attributes), uuid=self.uuid or new_uuid(),
                          codebook_version_id=tx.latest_version_id(),
                          created_at=self.created_at, origin=self.origin,
                          origin_ref=self.origin_ref)
        return Outcome(_changes(c), DeleteCoding(c.uuid), f"code '{code.name}'", c,
                       [("coding.add", "coding", c.uuid, {"document": self.document_id,
                         "start": self.start, "end": self.end, "code": code.uuid})])


@dataclass(slots=True)
class DeleteCoding:
    uuid: str

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        c = _coding(tx, self.uuid)
        code = tx.code(c.code_id)
        record = tx.coding_records(uuids=[c.uuid])[c.uuid]
        tx.delete_coding(c.id)
        return Outcome(_changes(c, gone=True), RestoreCoding(record),
                       f"delete coding '{code.name}'", None,
                       [("coding.delete", "coding", c.uuid, {"code": code.uuid,
                                                              "document": c.document_id})])


@dataclass(slots=True)
class RestoreCoding:
    """Put a deleted coding back exactly as it was (id, times, version, codebook version)."""

    record: dict[str, Any]

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        uuid = self.record["uuid"]
        current = tx.coding_records(uuids=[uuid]).get(uuid)
        before = tx.coding_by_uuid(uuid)
        tx.put_coding_record(dict(self.record))
        c = _coding(tx, uuid)
        inverse: Command = RestoreCoding(current) if current else DeleteCoding(uuid)
        # (a different coding held the uuid before: both are read back)
        changes = _changes(c) if before is None else \
            _changes(c, record=False).merge(_changes(before, record=False))
        return Outcome(changes, inverse, "restore coding", c,
                       [("coding.restore", "coding", uuid, {"document": c.document_id})])


@dataclass(slots=True)
class UpdateCoding:
    """Change a coding's bounds, code, memo or attributes (only the fields given)."""

    uuid: str
    start: int | None = None
    end: int | None = None
    code_uuid: str | None = None
    memo: str | None = None
    attributes: dict[str, str] | None = None
    expected_version: int | None = None

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        c = _coding(tx, self.uuid)
        old_code = tx.code(c.code_id)
        values: dict[str, Any] = {}
        start = c.start if self.start is None else self.start
        end = c.end if self.end is None else self.end
        if (start, end) != (c.start, c.end):
            _check_bounds(tx, c.document_id, start, end)
            values.update(start=start, end=end)
        if self.code_uuid is not None and self.code_uuid != old_code.uuid:
            new_code = _code(tx, self.code_uuid)
            if not new_code.codable:
                raise ValidationError(f"'{new_code.name}' is a grouping node and cannot be applied")
            values["code_id"] = new_code.id
        if self.memo is not None and self.memo != c.memo:
            values["memo"] = self.memo
        if self.attributes is not None and self.attributes != c.attributes:
            values["attributes"] = dict(self.attributes)
        if not values:
            return Outcome(Changes(), None, "no change")
        record = tx.coding_records(uuids=[c.uuid])[c.uuid]
        new = tx.update_coding(c.id, self.expected_version, **values)
        inverse = RestoreCoding(record)
        ch = _changes(new).merge(Changes(codes={c.code_id}))
        what = ", ".join(sorted(values))
        return Outcome(ch, inverse, f"edit coding ({what})", new,
                       [("coding.update", "coding", c.uuid, {
                           "document": c.document_id,
                           **{k: v for k, v in values.items() if k != "attributes"}})])
