"""Text sources become documents (or attach to the document that has the same text)."""

from __future__ import annotations

import re

from annotator.domain.model import Segment, new_uuid
from annotator.domain.text import text_sha256
from annotator.services.exchange.qdpx_common import (
    INTERNAL, SEGMENTS_DIR, SOURCES_DIR, guid, internal_name,
)
from annotator.services.exchange.qdpx_extras import read_outline
from annotator.services.exchange.qdpx_parse import PSource
from annotator.services.exchange.qdpx_state import SourceDoc, State
from annotator.services.exchange.qdpx_text import (
    EncodingProblem, MappingProblem, PositionMap, decode_source,
)
from annotator.services.importing.base import MAX_FILE_BYTES
from annotator.storage import exchange_queries as xq

COUNTRY_NAMES = {"country", "land", "pays", "país", "pais", "staat", "nation"}
YEAR_NAMES = {"year", "jahr", "année", "annee", "año", "ano", "report year"}


def _where(src: PSource) -> str:
    return repr(src.name or src.guid or "unnamed source")


def read_text(st: State, src: PSource) -> tuple[str | None, str | None]:
    """The raw text of a source, or ``(None, reason)`` when it cannot be had."""
    path = (src.plain_path or "").strip()
    if path.lower().startswith(INTERNAL):
        name = internal_name(path)
        if name is None:
            return None, f"its plainTextPath {path!r} points outside the sources folder"
        member = st.archive.find(SOURCES_DIR + name) or st.archive.find(name)
        if member is None:
            if src.content is None:
                return None, f"its text file {name!r} is missing from the archive"
        else:
            data = st.archive.read(member)
            if len(data) > MAX_FILE_BYTES:
                return None, f"its text is larger than {MAX_FILE_BYTES // 2**20} MB"
            try:
                text, warning = decode_source(data)
            except EncodingProblem as exc:
                return None, f"its text file {str(exc)}"
            if warning:
                st.warnings.add("enc:" + warning, "{n} source(s) " + warning + " ({examples})",
                                src.name)
            return text, None
    elif path and src.content is None:
        return None, (f"its text is an external file ({path}); only files inside the .qdpx "
                      "are read")
    if src.content is not None:
        return src.content, None
    if src.rich_path:
        return None, "it has only formatted text (richTextPath) and no plain text"
    return None, "it has no text (neither plainTextPath nor PlainTextContent)"


def _variables(st: State, src: PSource) -> tuple[str | None, int | None]:
    country: str | None = None
    year: int | None = None
    values = list(src.values)
    for case in st.parsed.cases:
        if src.guid and src.guid in case.sources:
            values += case.values
    for ref, value in values:
        name = st.parsed.variables.get(ref or "", ("", ""))[0].strip().casefold()
        value = (value or "").strip()
        if name in COUNTRY_NAMES and value and country is None:
            country = value[:200]
        elif name in YEAR_NAMES and value and year is None:
            try:
                year = int(value[:4]) if re.fullmatch(r"\d{4}(-.*)?", value) else int(value)
            except ValueError:
                st.warnings.add("year", "{n} year value(s) were not numbers and were ignored "
                                "({examples})", value)
        elif value:
            st.parsed.not_imported["variable value other than country and year"] += 1
    return country, year


def _segments(st: State, file_guid: str | None, text: str, sha: str
              ) -> tuple[list[dict], bool, str | None, int | None]:
    """Segments (as records), is_report, and country/year guessed from the text."""
    extra = st.extras.documents.get(file_guid or "")
    member = st.archive.find(f"{SEGMENTS_DIR}{file_guid}.json") if extra else None
    if extra and member and extra.get("sha256") == sha:
        segs = read_outline(st.archive.read(member), len(text))
        if segs is not None:
            return segs, extra["is_report"], None, None
        st.warnings.add("outline", "{n} stored outline(s) could not be read; the structure was "
                        "recomputed ({examples})", file_guid or "")
    from annotator.domain.segmentation import segment

    found = segment(text)
    segs: list[Segment] = [*found.segments, *found.paragraphs]
    return ([{"kind": s.kind, "path": s.path, "title": s.title, "start": s.start, "end": s.end,
              "inferred": s.inferred, "confirmed": False, "level": s.level} for s in segs],
            found.is_report, found.country, found.year)


def import_source(st: State, index: int, src: PSource, seen: set[str]) -> None:
    """Resolve one TextSource to a document; records the target in ``st.docs``."""
    file_guid = guid(src.guid)
    if file_guid is not None and file_guid in seen:
        st.skipped.add("dupsource", "{n} source(s) were skipped because another source has the "
                       "same GUID ({examples})", _where(src))
        return
    if file_guid:
        seen.add(file_guid)
    raw, reason = read_text(st, src)
    if raw is None:
        st.skipped.add("src:" + (reason or ""), "{n} source(s) skipped: " + (reason or "") +
                       " ({examples})", src.name)
        return
    try:
        positions = PositionMap(raw)
    except MappingProblem as exc:
        st.skipped.add("map", "{n} source(s) skipped: " + str(exc) + " ({examples})", src.name)
        return
    text = positions.canonical
    if not text.strip():
        st.skipped.add("empty", "{n} source(s) skipped because their text is empty "
                       "({examples})", src.name)
        return
    sha = text_sha256(text)
    same = st.tx.documents_by_sha(sha)
    if same:
        doc = same[0]
        st.report.documents_matched.append((src.name, doc.title))
    else:
        country, year = _variables(st, src)
        segs, is_report, guess_country, guess_year = _segments(st, file_guid, text, sha)
        extra = st.extras.documents.get(file_guid or "", {})
        uuid = file_guid
        if uuid is None or st.tx.document_by_uuid(uuid) is not None:
            if uuid is not None:
                st.warnings.add("docid", "{n} source(s) got a new id because their GUID is "
                                "already used by another document ({examples})", src.name)
            uuid = new_uuid()
        title = " ".join((src.name or "").split())[:500] or f"Imported source {index + 1}"
        doc = st.tx.add_document(
            title=title, country=country or guess_country,
            year=year if year is not None else guess_year,
            source_name=extra.get("source_name") or (src.name or title)[:500],
            source_type=extra.get("source_type") or "qdpx", text=text, sha256=sha,
            is_report=is_report, segs=[], uuid=uuid)
        xq.add_segment_records(st.tx, doc.id, segs)
        st.report.documents_added.append(doc)
        if src.description.strip():
            xq.add_memo_record(st.tx, uuid=new_uuid(), target_type="document",
                               target_uuid=doc.uuid, text=src.description.strip(),
                               title="Description", created_at=src.created)
            st.report.memos_added += 1
    if file_guid:
        st.source_uuid[file_guid] = doc.uuid
    st.docs[index] = SourceDoc(doc.id, doc.uuid, raw, positions, len(text))
