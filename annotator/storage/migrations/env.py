"""Alembic environment: always run from code with a connection handed in by storage/migrate.py."""

from __future__ import annotations

from alembic import context

from annotator.storage.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
