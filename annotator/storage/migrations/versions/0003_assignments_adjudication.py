"""Double coding and adjudication: document assignments (blind coding) and adjudication records.

``adjudications`` names coders and codes by uuid and keeps copies of the source codings in JSON,
so a decision still says whose codings it settled after a coder has been removed.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=False),
        sa.Column("blind", sa.Boolean(), server_default="1", nullable=False),
        sa.Column("done", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name=op.f("fk_assignments_document_id_documents"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["coder_id"], ["coders.id"],
                                name=op.f("fk_assignments_coder_id_coders"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignments")),
        sa.UniqueConstraint("document_id", "coder_id", name="uq_assignments_document_coder"),
    )
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.create_index("ix_assignments_coder", ["coder_id"], unique=False)

    op.create_table(
        "adjudications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("code_uuid", sa.String(length=36), nullable=False),
        sa.Column("decision", sa.String(length=240), nullable=False),
        sa.Column("reason", sa.Text(), server_default="", nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("gold_coding_uuids", sa.JSON(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('start >= 0 AND "end" >= start', name=op.f("ck_adjudications_bounds")),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name=op.f("fk_adjudications_document_id_documents"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adjudications")),
        sa.UniqueConstraint("uuid", name=op.f("uq_adjudications_uuid")),
    )
    with op.batch_alter_table("adjudications", schema=None) as batch_op:
        batch_op.create_index("ix_adjudications_item",
                              ["document_id", "code_uuid", "start", "end"], unique=False)


def downgrade() -> None:
    op.drop_table("adjudications")
    op.drop_table("assignments")
