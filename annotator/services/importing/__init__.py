"""Importers: one small module per file type behind :class:`~.base.Importer`."""
