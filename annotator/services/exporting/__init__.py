"""Exports: codings tables, matrices for statistics, coded documents (see ``dispatch.py``)."""
