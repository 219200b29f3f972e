"""Tables (SQLAlchemy Core). Generic types only, so the same schema runs on SQLite and PostgreSQL.

Every entity has an integer primary key for joins and a stable ``uuid`` for identity across
projects (merge, REFI-QDA exchange). Timestamps are UTC.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)


def _uuid() -> Column[str]:
    return Column("uuid", String(36), nullable=False, unique=True)


def _ts(name: str) -> Column:  # type: ignore[type-arg]
    return Column(name, DateTime(timezone=True), nullable=False)


project_meta = Table(
    "project_meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

coders = Table(
    "coders", metadata,
    Column("id", Integer, primary_key=True),
    _uuid(),
    Column("name", String(200), nullable=False, unique=True),
    Column("role", String(20), nullable=False, server_default="coder"),
    Column("is_gold", Boolean, nullable=False, server_default="0"),
    _ts("created_at"),
    # The PostgreSQL login role this coder connects as (team server, revision 0004).
    Column("db_role", String(63)),
    # "person", or "model" for a suggestion engine writing as a pseudo-coder (revision 0005).
    Column("kind", String(20), nullable=False, server_default="person"),
    UniqueConstraint("db_role", name="uq_coders_db_role"),
)

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    _uuid(),
    Column("title", String(500), nullable=False),
    Column("country", String(200)),
    Column("year", Integer),
    Column("source_name", String(500), nullable=False),
    Column("source_type", String(20), nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("chars", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("is_report", Boolean, nullable=False, server_default="0"),
    _ts("imported_at"),
    # Annual series (revision 0005): NULL = the series follows from source + country; a value
    # links the document to that series by hand ("unlinked:<uuid>" takes it out of any series).
    Column("series_key", String(300)),
    CheckConstraint("chars >= 0", name="chars_nonneg"),
)

segments = Table(
    "segments", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("path", String(100), nullable=False),
    Column("title", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("inferred", Boolean, nullable=False, server_default="0"),
    Column("confirmed", Boolean, nullable=False, server_default="0"),
    Column("level", Integer, nullable=False, server_default="1"),
    Column("position", Integer, nullable=False),
    CheckConstraint('start >= 0 AND "end" >= start', name="bounds"),
    Index("ix_segments_doc_kind", "document_id", "kind", "start"),
)

codes = Table(
    "codes", metadata,
    Column("id", Integer, primary_key=True),
    _uuid(),
    Column("parent_id", ForeignKey("codes.id", ondelete="RESTRICT"), index=True),
    Column("name", String(200), nullable=False),
    Column("label", String(200), nullable=False, server_default=""),
    Column("definition", Text, nullable=False, server_default=""),
    Column("inclusion", Text, nullable=False, server_default=""),
    Column("exclusion", Text, nullable=False, server_default=""),
    Column("examples", Text, nullable=False, server_default=""),
    Column("atypical_examples", Text, nullable=False, server_default=""),
    Column("color", String(9), nullable=False, server_default="#888888"),
    Column("shortcut", String(20)),
    Column("codable", Boolean, nullable=False, server_default="1"),
    Column("position", Integer, nullable=False, server_default="0"),
    Column("deprecated", Boolean, nullable=False, server_default="0"),
    Column("attributes", JSON, nullable=False),
    _ts("created_at"),
    _ts("modified_at"),
    Column("version", Integer, nullable=False, server_default="1"),
)

codebook_versions = Table(
    "codebook_versions", metadata,
    Column("id", Integer, primary_key=True),
    _uuid(),
    Column("name", String(200), nullable=False, unique=True),
    _ts("created_at"),
    Column("snapshot", JSON, nullable=False),
)

codings = Table(
    "codings", metadata,
    Column("id", Integer, primary_key=True),
    _uuid(),
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("code_id", ForeignKey("codes.id", ondelete="RESTRICT"), nullable=False),
    Column("coder_id", ForeignKey("coders.id", ondelete="RESTRICT"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("memo", Text, nullable=False, server_default=""),
    Column("attributes", JSON, nullable=False),
    Column("codebook_version_id", ForeignKey("codebook_versions.id", ondelete="SET NULL")),
    _ts("created_at"),
    _ts("modified_at"),
    Column("version", Integer, nullable=False, server_default="1"),
    # Where an accepted proposal came from (revision 0005): "carry", "suggest", ...; NULL for
    # codings a person made directly. origin_ref: the source coding uuid, the model id...
    Column("origin", String(20)),
    Column("origin_ref", String(300)),
    CheckConstraint('start >= 0 AND "end" > start', name="bounds"),
    Index("ix_codings_doc_start", "document_id", "start"),
    Index("ix_codings_code", "code_id"),
    Index("ix_codings_coder", "coder_id"),
)

memos = Table(
    "memos", metadata,
    Column("id", Integer, primary_key=True),
    _uuid(),
    Column("target_type", String(20), nullable=False),  # project | document | code | coding
    Column("target_uuid", String(36)),
    Column("coder_id", ForeignKey("coders.id", ondelete="RESTRICT")),
    Column("title", String(300), nullable=False, server_default=""),
    Column("text", Text, nullable=False),
    _ts("created_at"),
    _ts("modified_at"),
    Column("version", Integer, nullable=False, server_default="1"),
    Index("ix_memos_target", "target_type", "target_uuid"),
)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True),
    _uuid(),
    _ts("at"),
    Column("actor", String(200), nullable=False),
    Column("action", String(60), nullable=False),
    Column("entity_type", String(30), nullable=False),
    Column("entity_uuid", String(36)),
    Column("payload", JSON, nullable=False),
)

# --- double coding and adjudication (revision 0003) ----------------------------------------------
assignments = Table(
    "assignments", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("coder_id", ForeignKey("coders.id", ondelete="CASCADE"), nullable=False),
    Column("blind", Boolean, nullable=False, server_default="1"),
    Column("done", Boolean, nullable=False, server_default="0"),
    _ts("assigned_at"),
    Column("done_at", DateTime(timezone=True)),
    UniqueConstraint("document_id", "coder_id", name="uq_assignments_document_coder"),
    Index("ix_assignments_coder", "coder_id"),
)

adjudications = Table(
    "adjudications", metadata,
    Column("id", Integer, primary_key=True),
    _uuid(),
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    # Codes and coders are named by uuid (plus copies in ``sources``), not by foreign key, so the
    # record outlives a deleted coder: the provenance of the gold standard must not vanish.
    Column("code_uuid", String(36), nullable=False),
    Column("decision", String(240), nullable=False),  # accept:<coder> | union | intersection | edit | reject
    Column("reason", Text, nullable=False, server_default=""),
    Column("sources", JSON, nullable=False),
    Column("gold_coding_uuids", JSON, nullable=False),
    Column("decided_by", String(200), nullable=False),
    _ts("decided_at"),
    CheckConstraint('start >= 0 AND "end" >= start', name="bounds"),
    Index("ix_adjudications_item", "document_id", "code_uuid", "start", "end"),
)

# --- proposed codings (revision 0005) -------------------------------------------------------------
proposals = Table(
    "proposals", metadata,
    Column("id", Integer, primary_key=True),
    _uuid(),
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    # The code by uuid (no foreign key): a proposal whose code was deleted is withdrawn (hidden)
    # and comes back when the deletion is undone; a merge recodes it like a coding.
    Column("code_uuid", String(36), nullable=False),
    # Whose decision it awaits; on a team server row-level security keys on this column.
    Column("coder_id", ForeignKey("coders.id", ondelete="CASCADE"), nullable=False),
    Column("origin", String(20), nullable=False),  # carry | suggest | ...
    Column("origin_ref", String(300), nullable=False, server_default=""),
    Column("score", Float),
    Column("evidence", JSON, nullable=False),
    Column("status", String(10), nullable=False, server_default="pending"),
    Column("decided_by", String(200)),
    Column("decided_at", DateTime(timezone=True)),
    Column("coding_uuid", String(36)),
    Column("batch", String(36), nullable=False),
    # The document text the offsets refer to (``check`` refuses a mismatch).
    Column("doc_sha256", String(64), nullable=False),
    _ts("created_at"),
    CheckConstraint('start >= 0 AND "end" > start', name="bounds"),
    CheckConstraint("status IN ('pending', 'accepted', 'rejected')", name="status"),
    Index("ix_proposals_doc_status", "document_id", "status"),
    Index("ix_proposals_batch", "batch"),
    Index("ix_proposals_coder", "coder_id"),
)
