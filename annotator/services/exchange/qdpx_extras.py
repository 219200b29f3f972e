"""``annotator/`` inside a ``.qdpx``: what our model holds and REFI-QDA cannot express.

``annotator/extras.json`` has coder roles, document details, coding attributes and codebook
versions; ``annotator/segments/<document uuid>.json`` has each document's outline. Written by
our export, read back (defensively: it comes from a file) by our import so that an export →
import → export round trip loses nothing. Other programs ignore these files.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.services.exchange.qdpx_common import (
    EXTRAS_FORMAT, format_datetime, guid, parse_datetime,
)
from annotator.storage import exchange_queries as xq

if TYPE_CHECKING:
    from annotator.services.exporting.data import ExportData
    from annotator.services.project import Project

VERSION = 1
_SEGMENT_KINDS = {"section", "subsection", "subheading", "label", "paragraph"}


def collect_extras(project: Project, data: ExportData) -> dict[str, Any]:
    """The extras for the documents and codings in ``data`` (outlines: :func:`outlines`)."""
    with project.read() as tx:
        flags = xq.document_flags(tx)
        versions = tx.version_records()
        memos = tx.memos()
    used_versions = {c.codebook_version for c in data.codings if c.codebook_version}
    codings = {}
    for c in data.codings:
        entry: dict[str, Any] = {}
        if c.attributes:
            entry["attributes"] = c.attributes
        if c.codebook_version:
            entry["codebook_version"] = c.codebook_version
        if entry:
            codings[c.uuid] = entry
    return {
        "format": EXTRAS_FORMAT, "format_version": VERSION,
        "coders": {c.uuid: {"role": c.role, "is_gold": c.is_gold}
                   for c in data.coders.values()},
        "documents": {d.uuid: {
            "source_name": d.source_name, "source_type": d.source_type,
            "is_report": flags.get(d.id, False), "sha256": d.sha256} for d in data.documents},
        "codings": codings,
        "versions": [{"uuid": v["uuid"], "name": v["name"],
                      "created_at": format_datetime(v["created_at"]), "snapshot": v["snapshot"]}
                     for v in sorted(versions.values(), key=lambda v: v["id"])
                     if v["name"] in used_versions],
        "memos": {m["uuid"]: {"target_type": m["target_type"], "target_uuid": m["target_uuid"],
                              "title": m["title"]} for m in memos},
    }


def outlines(project: Project, data: ExportData) -> Iterator[tuple[str, bytes]]:
    """``(document uuid, JSON bytes)`` with each document's segments, in document order."""
    with project.read() as tx:
        segs = xq.segment_records(tx, [d.id for d in data.documents])
    for d in data.documents:
        rows = [[s["kind"], s["path"], s["title"], s["start"], s["end"], s["inferred"],
                 s["confirmed"], s["level"]] for s in segs.get(d.id, [])]
        yield d.uuid, json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()


def read_outline(raw: bytes, length: int) -> list[dict[str, Any]] | None:
    """Segments from an outline member, or ``None`` when anything in it is off."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(data, list):
        return None
    segs = [_segment(s) for s in data]
    if any(s is None or s["end"] > length for s in segs):
        return None
    return segs  # type: ignore[return-value]


@dataclass
class Extras:
    """Validated extras; anything malformed was dropped (see ``problems``)."""

    coders: dict[str, dict[str, Any]] = field(default_factory=dict)
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    codings: dict[str, dict[str, Any]] = field(default_factory=dict)
    versions: list[dict[str, Any]] = field(default_factory=list)
    memos: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _str(v: Any, limit: int = 10_000) -> str | None:
    return v if isinstance(v, str) and len(v) <= limit else None


def _segment(item: Any) -> dict[str, Any] | None:
    if not (isinstance(item, list) and len(item) == 8):
        return None
    kind, path, title, start, end, inferred, confirmed, level = item
    if (kind not in _SEGMENT_KINDS or _str(path, 100) is None or _str(title) is None
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end, level))
            or not 0 <= start <= end):
        return None
    return {"kind": kind, "path": path, "title": title, "start": start, "end": end,
            "inferred": bool(inferred), "confirmed": bool(confirmed), "level": level}


def read_extras(raw: bytes) -> Extras:
    """Parse and check ``annotator/extras.json``; never raises for bad content."""
    out = Extras()
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        out.problems.append("annotator/extras.json could not be read and was ignored")
        return out
    if not isinstance(data, dict) or data.get("format") != EXTRAS_FORMAT:
        out.problems.append("annotator/extras.json is not an annotator extras file and was "
                            "ignored")
        return out
    for key, value in (data.get("coders") or {}).items():
        g = guid(key)
        if g and isinstance(value, dict) and value.get("role") in ("owner", "coder",
                                                                   "adjudicator"):
            out.coders[g] = {"role": value["role"], "is_gold": bool(value.get("is_gold"))}
    for key, value in (data.get("documents") or {}).items():
        g = guid(key)
        if not (g and isinstance(value, dict)):
            continue
        out.documents[g] = {
            "source_name": _str(value.get("source_name"), 500) or "",
            "source_type": _str(value.get("source_type"), 20) or "",
            "is_report": bool(value.get("is_report")),
            "sha256": _str(value.get("sha256"), 64)}
    for key, value in (data.get("codings") or {}).items():
        g = guid(key)
        if not (g and isinstance(value, dict)):
            continue
        attrs = value.get("attributes") or {}
        if not (isinstance(attrs, dict)
                and all(isinstance(k, str) and isinstance(v, str) for k, v in attrs.items())):
            attrs = {}
        out.codings[g] = {"attributes": attrs,
                          "codebook_version": _str(value.get("codebook_version"), 200)}
    for value in data.get("versions") or []:
        if (isinstance(value, dict) and guid(value.get("uuid")) and _str(value.get("name"), 200)
                and "snapshot" in value):
            out.versions.append({"uuid": guid(value["uuid"]), "name": value["name"],
                                 "created_at": parse_datetime(value.get("created_at")),
                                 "snapshot": value["snapshot"]})
    for key, value in (data.get("memos") or {}).items():
        g = guid(key)
        if g and isinstance(value, dict) and value.get("target_type") in (
                "project", "document", "code", "coding"):
            target = value.get("target_uuid")
            out.memos[g] = {"target_type": value["target_type"],
                            "target_uuid": guid(target) if target else None,
                            "title": _str(value.get("title"), 300)}
    return out
