"""SQLAlchemy tables, engine setup (PRAGMAs, transactions), repositories, migrations, search.

The only layer that imports SQLAlchemy. It hands domain objects (annotator.domain.model) upward.
"""
