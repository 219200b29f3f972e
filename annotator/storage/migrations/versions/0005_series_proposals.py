"""Annual series and proposed codings.

* ``proposals``: codings a machine offers (carried forward from last year's edition, suggested
  by a model) waiting for a person's decision; never counted until accepted.
* ``codings.origin`` / ``codings.origin_ref``: where an accepted proposal came from.
* ``coders.kind``: ``person`` or ``model`` (a suggestion engine's pseudo-coder).
* ``documents.series_key``: a hand-made series link (NULL: series from source and country).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("coders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=20), server_default="person",
                                      nullable=False))
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("series_key", sa.String(length=300), nullable=True))
    with op.batch_alter_table("codings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("origin_ref", sa.String(length=300), nullable=True))
    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("code_uuid", sa.String(length=36), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("origin_ref", sa.String(length=300), server_default="", nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), server_default="pending", nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("coding_uuid", sa.String(length=36), nullable=True),
        sa.Column("batch", sa.String(length=36), nullable=False),
        sa.Column("doc_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('start >= 0 AND "end" > start', name=op.f("ck_proposals_bounds")),
        sa.CheckConstraint("status IN ('pending', 'accepted', 'rejected')",
                           name=op.f("ck_proposals_status")),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name=op.f("fk_proposals_document_id_documents"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["coder_id"], ["coders.id"],
                                name=op.f("fk_proposals_coder_id_coders"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposals")),
        sa.UniqueConstraint("uuid", name=op.f("uq_proposals_uuid")),
    )
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.create_index("ix_proposals_doc_status", ["document_id", "status"], unique=False)
        batch_op.create_index("ix_proposals_batch", ["batch"], unique=False)
        batch_op.create_index("ix_proposals_coder", ["coder_id"], unique=False)


def downgrade() -> None:
    op.drop_table("proposals")
    with op.batch_alter_table("codings", schema=None) as batch_op:
        batch_op.drop_column("origin_ref")
        batch_op.drop_column("origin")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("series_key")
    with op.batch_alter_table("coders", schema=None) as batch_op:
        batch_op.drop_column("kind")
