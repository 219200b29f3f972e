"""Team server: link coders to database login roles, and announce new events.

``coders.db_role`` names the PostgreSQL login role a coder connects as (row-level security maps
the connecting role to its coder through it; unused on SQLite). On PostgreSQL a statement-level
trigger on ``events`` sends ``NOTIFY annotator_events`` so open projects refresh at once instead
of at the next poll. Roles and policies themselves are created by ``annotator server init``,
because they live outside the database's schema (roles belong to the whole server).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

POSTGRES_UP = [
    """CREATE OR REPLACE FUNCTION annotator_notify_events() RETURNS trigger AS $$
       BEGIN PERFORM pg_notify('annotator_events', ''); RETURN NULL; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER events_notify AFTER INSERT ON events
       FOR EACH STATEMENT EXECUTE FUNCTION annotator_notify_events()""",
]


def upgrade() -> None:
    with op.batch_alter_table("coders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("db_role", sa.String(length=63), nullable=True))
        batch_op.create_unique_constraint("uq_coders_db_role", ["db_role"])
    if op.get_bind().dialect.name == "postgresql":
        for sql in POSTGRES_UP:
            op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS events_notify ON events")
        op.execute("DROP FUNCTION IF EXISTS annotator_notify_events()")
    with op.batch_alter_table("coders", schema=None) as batch_op:
        batch_op.drop_constraint("uq_coders_db_role", type_="unique")
        batch_op.drop_column("db_role")
