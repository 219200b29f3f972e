"""Full-text search over document text and an append-only event log.

SQLite: an FTS5 external-content table (diacritic-insensitive) kept in step by triggers, and
triggers that refuse UPDATE/DELETE on ``events``. PostgreSQL: a GIN index over a tsvector and the
same append-only rule as a trigger function.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_UP = [
    """CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text, content='documents', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, text ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    "INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')",
    """CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN
        SELECT RAISE(ABORT, 'the event log is append-only');
    END""",
    """CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN
        SELECT RAISE(ABORT, 'the event log is append-only');
    END""",
    """CREATE TRIGGER documents_text_immutable BEFORE UPDATE OF text ON documents
        WHEN new.text IS NOT old.text BEGIN
        SELECT RAISE(ABORT, 'document text is immutable after import');
    END""",
]

POSTGRES_UP = [
    # Accent-insensitive when the unaccent extension can be had; plain lower() otherwise.
    """DO $$ BEGIN
         BEGIN CREATE EXTENSION IF NOT EXISTS unaccent; EXCEPTION WHEN OTHERS THEN NULL; END;
         IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
           EXECUTE 'CREATE OR REPLACE FUNCTION annotator_fold(t text) RETURNS text AS '
                || '$f$ SELECT lower(unaccent(''unaccent''::regdictionary, t)) $f$ '
                || 'LANGUAGE sql IMMUTABLE PARALLEL SAFE';
         ELSE
           EXECUTE 'CREATE OR REPLACE FUNCTION annotator_fold(t text) RETURNS text AS '
                || '$f$ SELECT lower(t) $f$ LANGUAGE sql IMMUTABLE PARALLEL SAFE';
         END IF;
       END $$""",
    "CREATE INDEX ix_documents_fts ON documents "
    "USING gin (to_tsvector('simple', annotator_fold(text)))",
    """CREATE OR REPLACE FUNCTION annotator_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the event log is append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
       FOR EACH ROW EXECUTE FUNCTION annotator_append_only()""",
    """CREATE OR REPLACE FUNCTION annotator_text_immutable() RETURNS trigger AS $$
       BEGIN
         IF NEW.text IS DISTINCT FROM OLD.text THEN
           RAISE EXCEPTION 'document text is immutable after import';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER documents_text_immutable BEFORE UPDATE ON documents
       FOR EACH ROW EXECUTE FUNCTION annotator_text_immutable()""",
]


def upgrade() -> None:
    statements = SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRES_UP
    for sql in statements:
        op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("documents_fts_ai", "documents_fts_ad", "documents_fts_au",
                     "events_no_update", "events_no_delete", "documents_text_immutable"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS documents_fts")
    else:
        op.execute("DROP TRIGGER IF EXISTS events_append_only ON events")
        op.execute("DROP TRIGGER IF EXISTS documents_text_immutable ON documents")
        op.execute("DROP INDEX IF EXISTS ix_documents_fts")
        op.execute("DROP FUNCTION IF EXISTS annotator_fold(text)")
