"""Short format names and formats told by the file extension (``annotator export``).

``csv`` and ``xlsx`` mean the codings table, ``html`` and ``docx`` the coded documents; with no
format at all, the extension of the output file decides (``.csv``, ``.xlsx``, ``.html``/``.htm``,
``.docx``, ``.qdpx``).
"""

from __future__ import annotations

from pathlib import Path

from annotator.services.exporting.atomic import ExportError

ALIASES = {"csv": "codings-csv", "xlsx": "codings-xlsx", "html": "coded-html",
           "docx": "coded-docx"}
EXTENSIONS = {".csv": "codings-csv", ".xlsx": "codings-xlsx", ".html": "coded-html",
              ".htm": "coded-html", ".docx": "coded-docx", ".qdpx": "qdpx"}


def resolve_format(fmt: str | None, out: str | Path) -> str:
    """The full format name for ``fmt`` (a format, an alias, or None: from ``out``'s suffix)."""
    from annotator.services.exporting.dispatch import FORMATS

    if fmt:
        name = ALIASES.get(fmt.strip().lower(), fmt.strip().lower())
        if name not in FORMATS:
            raise ExportError(f"unknown export format {fmt!r} (choose one of "
                              f"{', '.join(FORMATS)}, or {', '.join(ALIASES)})")
        return name
    suffix = Path(out).suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    raise ExportError(f"say which format to write with --format: the extension of {out} "
                      f"{'(' + suffix + ') ' if suffix else ''}does not tell (known: "
                      f"{', '.join(EXTENSIONS)})")
