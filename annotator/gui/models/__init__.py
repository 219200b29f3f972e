"""Qt item models over service data (no SQL, no widgets)."""
