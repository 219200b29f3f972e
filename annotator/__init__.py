"""annotator: code long human-rights reports with a rights taxonomy."""

__version__ = "0.1.0"
