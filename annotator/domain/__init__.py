"""Pure-Python core: entities, canonical text and offsets, span index, agreement statistics.

Nothing here imports Qt, SQLAlchemy or does I/O.
"""
