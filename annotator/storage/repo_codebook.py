"""Codes (the codebook tree) and frozen codebook versions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from annotator.domain.codebook_colors import DEFAULT_CODE_COLOR
from annotator.domain.errors import ConflictError, NotFoundError, ValidationError
from annotator.domain.model import Code, new_uuid
from annotator.storage import dangling, rows
from annotator.storage.schema import codebook_versions, codes, codings

CODE_FIELDS = ("name", "parent_id", "label", "definition", "inclusion", "exclusion", "examples",
               "atypical_examples", "color", "shortcut", "codable", "position", "deprecated",
               "attributes")
# built once (a code key runs them): see repo_codings
_CODE_BY_UUID = select(codes).where(codes.c.uuid == bindparam("code_uuid"))
_CODE_BY_ID = select(codes).where(codes.c.id == bindparam("code_id"))
_LATEST_VERSION = select(func.max(codebook_versions.c.id))


class CodebookRepo:
    conn: Connection

    def codes(self) -> list[Code]:
        q = select(codes).order_by(codes.c.parent_id.is_not(None), codes.c.parent_id,
                                   codes.c.position, codes.c.id)
        # Codings that point at a vanished code keep a "(missing code)" placeholder.
        return [rows.code(r) for r in self.conn.execute(q)] + dangling.missing_codes(self.conn)

    def code(self, code_id: int) -> Code:
        r = self.conn.execute(_CODE_BY_ID, {"code_id": code_id}).first()
        if r is None:
            raise NotFoundError(f"no code with id {code_id}")
        return rows.code(r)

    def code_by_uuid(self, uuid: str) -> Code | None:
        r = self.conn.execute(_CODE_BY_UUID, {"code_uuid": uuid}).first()
        return rows.code(r) if r else None

    def add_code(self, *, name: str, uuid: str | None = None, **fields: Any) -> Code:
        now = datetime.now(UTC)
        values = {k: v for k, v in fields.items() if k in CODE_FIELDS}
        values["attributes"] = [a if isinstance(a, dict) else a.to_json()
                                for a in values.get("attributes", ())]
        cid = self.conn.execute(insert(codes).values(
            uuid=uuid or new_uuid(), name=name, created_at=now, modified_at=now,
            **values)).inserted_primary_key[0]
        return self.code(cid)

    def add_codes_bulk(self, items: list[dict[str, Any]]) -> dict[str, int]:
        """Insert many codes at once; each item has ``uuid``, ``name``, ``parent_uuid`` (an
        existing code or an earlier item) and code fields. Parents must come before children.
        Returns uuid → id of the new codes."""
        now = datetime.now(UTC)
        ids: dict[str, int] = {}
        pending = list(items)
        while pending:
            waiting = {it["uuid"] for it in pending}
            level = [it for it in pending if it["parent_uuid"] not in waiting]
            if not level:
                raise ValidationError("the codes to add have cyclic parent references")
            batch_uuids = {it["uuid"] for it in level}
            pending = [it for it in pending if it["uuid"] not in batch_uuids]
            outside = {it["parent_uuid"] for it in level if it["parent_uuid"]} - ids.keys()
            for chunk in _chunks(sorted(outside)):
                ids.update({u: i for i, u in self.conn.execute(
                    select(codes.c.id, codes.c.uuid).where(codes.c.uuid.in_(chunk)))})
            rows_ = []
            for it in level:
                values = {k: v for k, v in it.items() if k in CODE_FIELDS}
                values["attributes"] = [a if isinstance(a, dict) else a.to_json()
                                        for a in values.get("attributes", ())]
                parent = it["parent_uuid"]
                if parent is not None and parent not in ids:
                    raise NotFoundError(f"no code with uuid {parent}")
                values["parent_id"] = ids[parent] if parent else None
                rows_.append({"uuid": it["uuid"], "name": it["name"], "created_at": now,
                              "modified_at": now, **_defaults(), **values})
            self.conn.execute(insert(codes), rows_)
            for chunk in _chunks(sorted(batch_uuids)):
                ids.update({u: i for i, u in self.conn.execute(
                    select(codes.c.id, codes.c.uuid).where(codes.c.uuid.in_(chunk)))})
        return {it["uuid"]: ids[it["uuid"]] for it in items}

    def update_code(self, code_id: int, expected_version: int | None = None,
                    **fields: Any) -> Code:
        values = {k: v for k, v in fields.items() if k in CODE_FIELDS}
        if "attributes" in values:
            values["attributes"] = [a if isinstance(a, dict) else a.to_json()
                                    for a in values["attributes"]]
        q = update(codes).where(codes.c.id == code_id)
        if expected_version is not None:
            q = q.where(codes.c.version == expected_version)
        n = self.conn.execute(q.values(modified_at=datetime.now(UTC),
                                       version=codes.c.version + 1, **values)).rowcount
        if n == 0:
            self.code(code_id)  # raises NotFoundError when missing
            raise ConflictError("this code was changed by someone else; reload and try again")
        return self.code(code_id)

    def delete_code(self, code_id: int) -> None:
        self.conn.execute(delete(codes).where(codes.c.id == code_id))

    def coding_counts(self, coder_id: int | None = None) -> dict[int, int]:
        q = select(codings.c.code_id, func.count()).group_by(codings.c.code_id)
        if coder_id is not None:
            q = q.where(codings.c.coder_id == coder_id)
        return {c: n for c, n in self.conn.execute(q)}

    # --- versions ---------------------------------------------------------------------------
    def add_version(self, name: str, snapshot: Any) -> int:
        return int(self.conn.execute(insert(codebook_versions).values(
            uuid=new_uuid(), name=name, created_at=datetime.now(UTC),
            snapshot=snapshot)).inserted_primary_key[0])

    def versions(self) -> list[dict[str, Any]]:
        q = select(codebook_versions.c.id, codebook_versions.c.uuid, codebook_versions.c.name,
                   codebook_versions.c.created_at).order_by(codebook_versions.c.id)
        return [dict(r._mapping) for r in self.conn.execute(q)]

    def version_snapshot(self, name: str) -> Any:
        r = self.conn.execute(select(codebook_versions.c.snapshot)
                              .where(codebook_versions.c.name == name)).first()
        if r is None:
            raise NotFoundError(f"no codebook version named {name!r}")
        return r[0]

    def latest_version_id(self) -> int | None:
        return self.conn.execute(_LATEST_VERSION).scalar()

    # --- exact records, for undo ------------------------------------------------------------
    def code_records(self) -> dict[str, dict[str, Any]]:
        """Every code as a full row keyed by uuid, the parent given by uuid (``parent_uuid``)."""
        parent = codes.alias("parent")
        q = (select(codes, parent.c.uuid.label("parent_uuid"))
             .outerjoin(parent, parent.c.id == codes.c.parent_id))
        out: dict[str, dict[str, Any]] = {}
        for r in self.conn.execute(q):
            rec = dict(r._mapping)
            rec.pop("parent_id")
            out[rec["uuid"]] = rec
        out.update(dangling.missing_code_records(self.conn))
        return out

    def put_code_record(self, rec: dict[str, Any]) -> None:
        """Make the code ``rec["uuid"]`` exactly ``rec`` (insert or overwrite; the parent must
        exist). A re-inserted code keeps its old id when that id is still free."""
        values = {k: v for k, v in rec.items() if k not in ("id", "parent_uuid")}
        values["parent_id"] = self._code_id(rec["parent_uuid"]) if rec["parent_uuid"] else None
        existing = self._code_id(rec["uuid"], missing_ok=True)
        if existing is not None:
            self.conn.execute(update(codes).where(codes.c.id == existing).values(**values))
            return
        if rec.get("id") is not None and self.conn.execute(
                select(codes.c.id).where(codes.c.id == rec["id"])).first() is None:
            values["id"] = rec["id"]
        self.conn.execute(insert(codes).values(**values))

    def delete_code_by_uuid(self, uuid: str) -> None:
        self.conn.execute(delete(codes).where(codes.c.uuid == uuid))

    def _code_id(self, uuid: str, missing_ok: bool = False) -> int | None:
        cid = self.conn.execute(select(codes.c.id).where(codes.c.uuid == uuid)).scalar()
        if cid is None and not missing_ok:
            raise NotFoundError(f"no code with uuid {uuid}")
        return cid

    def version_records(self, uuids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
        q = select(codebook_versions)
        if uuids is not None:
            q = q.where(codebook_versions.c.uuid.in_(list(uuids)))
        return {r.uuid: dict(r._mapping) for r in self.conn.execute(q)}

    def put_version_record(self, rec: dict[str, Any]) -> None:
        values = {k: v for k, v in rec.items() if k != "id"}
        n = self.conn.execute(update(codebook_versions)
                              .where(codebook_versions.c.uuid == rec["uuid"])
                              .values(**values)).rowcount
        if n:
            return
        if rec.get("id") is not None and self.conn.execute(select(codebook_versions.c.id).where(
                codebook_versions.c.id == rec["id"])).first() is None:
            values["id"] = rec["id"]
        self.conn.execute(insert(codebook_versions).values(**values))

    def delete_version_by_uuid(self, uuid: str) -> None:
        self.conn.execute(delete(codebook_versions).where(codebook_versions.c.uuid == uuid))


def _chunks(values: list[str], size: int = 500) -> Iterable[list[str]]:
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _defaults() -> dict[str, Any]:
    """Column values for a bulk insert (executemany needs the same keys in every row)."""
    return {"label": "", "definition": "", "inclusion": "", "exclusion": "", "examples": "",
            "atypical_examples": "", "color": DEFAULT_CODE_COLOR, "shortcut": None, "codable": True,
            "position": 0, "deprecated": False, "attributes": []}
