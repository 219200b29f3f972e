"""Coders, project metadata, memos and the append-only event log."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from annotator.domain.errors import NotFoundError, ValidationError
from annotator.domain.model import Coder, new_uuid
from annotator.storage import dangling, rows
from annotator.storage.schema import coders, events, memos, project_meta

_INSERT_EVENT = insert(events)  # built once: every user action logs through it


class PeopleRepo:
    conn: Connection

    # --- project metadata -------------------------------------------------------------------
    def meta(self) -> dict[str, str]:
        return {k: v for k, v in self.conn.execute(select(project_meta.c.key, project_meta.c.value))}

    def set_meta(self, key: str, value: str) -> None:
        n = self.conn.execute(update(project_meta).where(project_meta.c.key == key)
                              .values(value=value)).rowcount
        if not n:
            self.conn.execute(insert(project_meta).values(key=key, value=value))

    # --- coders -----------------------------------------------------------------------------
    def coders(self) -> list[Coder]:
        return ([rows.coder(r) for r in self.conn.execute(select(coders).order_by(coders.c.id))]
                + dangling.missing_coders(self.conn))

    def coder_by_name(self, name: str) -> Coder | None:
        r = self.conn.execute(select(coders).where(coders.c.name == name)).first()
        return rows.coder(r) if r else None

    def coder(self, coder_id: int) -> Coder:
        r = self.conn.execute(select(coders).where(coders.c.id == coder_id)).first()
        if r is None:
            raise NotFoundError(f"no coder with id {coder_id}")
        return rows.coder(r)

    def add_coder(self, name: str, role: str = "coder", is_gold: bool = False,
                  uuid: str | None = None, kind: str = "person") -> Coder:
        name = name.strip()
        if not name:
            raise ValidationError("a coder needs a name")
        if self.coder_by_name(name):
            raise ValidationError(f"a coder named {name!r} already exists")
        cid = self.conn.execute(insert(coders).values(
            uuid=uuid or new_uuid(), name=name, role=role, is_gold=is_gold, kind=kind,
            created_at=datetime.now(UTC))).inserted_primary_key[0]
        return self.coder(cid)

    # --- memos ------------------------------------------------------------------------------
    def add_memo(self, target_type: str, target_uuid: str | None, text: str,
                 coder_id: int | None, title: str = "", uuid: str | None = None) -> str:
        now = datetime.now(UTC)
        uid = uuid or new_uuid()
        self.conn.execute(insert(memos).values(
            uuid=uid, target_type=target_type, target_uuid=target_uuid, coder_id=coder_id,
            title=title, text=text, created_at=now, modified_at=now))
        return uid

    def memos(self, target_type: str | None = None) -> list[dict[str, Any]]:
        q = select(memos)
        if target_type:
            q = q.where(memos.c.target_type == target_type)
        return [dict(r._mapping) for r in self.conn.execute(q.order_by(memos.c.id))]

    # --- event log --------------------------------------------------------------------------
    def log(self, actor: str, action: str, entity_type: str, entity_uuid: str | None,
            payload: dict[str, Any] | None = None) -> None:
        self.conn.execute(_INSERT_EVENT, {
            "uuid": new_uuid(), "at": datetime.now(UTC), "actor": actor, "action": action,
            "entity_type": entity_type, "entity_uuid": entity_uuid, "payload": payload or {}})

    def events(self, limit: int | None = None) -> list[dict[str, Any]]:
        q = select(events).order_by(events.c.id.desc())
        if limit:
            q = q.limit(limit)
        return [dict(r._mapping) for r in self.conn.execute(q)]
