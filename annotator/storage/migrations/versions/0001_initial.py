"""Initial schema: project metadata, coders, documents, segments, codes, codebook versions,
codings, memos and the event log.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('codebook_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_codebook_versions')),
    sa.UniqueConstraint('name', name=op.f('uq_codebook_versions_name')),
    sa.UniqueConstraint('uuid', name=op.f('uq_codebook_versions_uuid'))
    )
    op.create_table('coders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), server_default='coder', nullable=False),
    sa.Column('is_gold', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coders')),
    sa.UniqueConstraint('name', name=op.f('uq_coders_name')),
    sa.UniqueConstraint('uuid', name=op.f('uq_coders_uuid'))
    )
    op.create_table('codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('label', sa.String(length=200), server_default='', nullable=False),
    sa.Column('definition', sa.Text(), server_default='', nullable=False),
    sa.Column('inclusion', sa.Text(), server_default='', nullable=False),
    sa.Column('exclusion', sa.Text(), server_default='', nullable=False),
    sa.Column('examples', sa.Text(), server_default='', nullable=False),
    sa.Column('atypical_examples', sa.Text(), server_default='', nullable=False),
    sa.Column('color', sa.String(length=9), server_default='#888888', nullable=False),
    sa.Column('shortcut', sa.String(length=20), nullable=True),
    sa.Column('codable', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('position', sa.Integer(), server_default='0', nullable=False),
    sa.Column('deprecated', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('attributes', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('modified_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['codes.id'], name=op.f('fk_codes_parent_id_codes'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_codes')),
    sa.UniqueConstraint('uuid', name=op.f('uq_codes_uuid'))
    )
    with op.batch_alter_table('codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_codes_parent_id'), ['parent_id'], unique=False)

    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('country', sa.String(length=200), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('source_name', sa.String(length=500), nullable=False),
    sa.Column('source_type', sa.String(length=20), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('chars', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('is_report', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('chars >= 0', name=op.f('ck_documents_chars_nonneg')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('uuid', name=op.f('uq_documents_uuid'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_sha256'), ['sha256'], unique=False)

    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('entity_type', sa.String(length=30), nullable=False),
    sa.Column('entity_uuid', sa.String(length=36), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
    sa.UniqueConstraint('uuid', name=op.f('uq_events_uuid'))
    )
    op.create_table('project_meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_project_meta'))
    )
    op.create_table('codings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('code_id', sa.Integer(), nullable=False),
    sa.Column('coder_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('memo', sa.Text(), server_default='', nullable=False),
    sa.Column('attributes', sa.JSON(), nullable=False),
    sa.Column('codebook_version_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('modified_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint('start >= 0 AND "end" > start', name=op.f('ck_codings_bounds')),
    sa.ForeignKeyConstraint(['code_id'], ['codes.id'], name=op.f('fk_codings_code_id_codes'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['codebook_version_id'], ['codebook_versions.id'], name=op.f('fk_codings_codebook_version_id_codebook_versions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['coder_id'], ['coders.id'], name=op.f('fk_codings_coder_id_coders'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_codings_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_codings')),
    sa.UniqueConstraint('uuid', name=op.f('uq_codings_uuid'))
    )
    with op.batch_alter_table('codings', schema=None) as batch_op:
        batch_op.create_index('ix_codings_code', ['code_id'], unique=False)
        batch_op.create_index('ix_codings_coder', ['coder_id'], unique=False)
        batch_op.create_index('ix_codings_doc_start', ['document_id', 'start'], unique=False)

    op.create_table('memos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('target_type', sa.String(length=20), nullable=False),
    sa.Column('target_uuid', sa.String(length=36), nullable=True),
    sa.Column('coder_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), server_default='', nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('modified_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['coder_id'], ['coders.id'], name=op.f('fk_memos_coder_id_coders'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memos')),
    sa.UniqueConstraint('uuid', name=op.f('uq_memos_uuid'))
    )
    with op.batch_alter_table('memos', schema=None) as batch_op:
        batch_op.create_index('ix_memos_target', ['target_type', 'target_uuid'], unique=False)

    op.create_table('segments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('path', sa.String(length=100), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('inferred', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('confirmed', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('level', sa.Integer(), server_default='1', nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('start >= 0 AND "end" >= start', name=op.f('ck_segments_bounds')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_segments_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_segments'))
    )
    with op.batch_alter_table('segments', schema=None) as batch_op:
        batch_op.create_index('ix_segments_doc_kind', ['document_id', 'kind', 'start'], unique=False)



def downgrade() -> None:
    for table in ("events", "memos", "codings", "codebook_versions", "codes", "segments",
                  "documents", "coders", "project_meta"):
        op.drop_table(table)
