"""Align two documents of a project (usually consecutive editions) and describe what changed.

Sentences come from the project's sentence segmentation (:func:`sentence_spans`) inside the
document's paragraphs; each sentence stands in the innermost section or subsection (``1.c``)
that contains it. The per-sentence records (:func:`change_records`) are what the CLI's JSON,
the HTML page and the app's "what changed" view show.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotator.domain.alignment import (
    EDITED, MOVED, NEW, REMOVED, SAME, Alignment, Edition, Sentence, align, char_diff,
)
from annotator.domain.errors import ValidationError
from annotator.domain.model import DocumentInfo, Segment
from annotator.domain.sentences import sentence_spans

if TYPE_CHECKING:
    from annotator.services.project import Project
    from annotator.storage.store import Tx

SECTION_KINDS = ("section", "subsection")


def edition(tx: Tx, document_id: int) -> Edition:
    """A document as the aligner sees it. Texts never change, so the sentences of a text with
    the same outline are kept for the next alignment (a few documents, by content)."""
    sha = tx.document(document_id).sha256
    segs = tx.segments(document_id, kinds=("paragraph", *SECTION_KINDS))
    key = (sha, hash(tuple((s.kind, s.path, s.title, s.start, s.end, s.level) for s in segs)))
    found = _CACHE.get(key)
    if found is None:
        found = edition_from(tx.document_text(document_id), segs)
        _CACHE[key] = found
        while len(_CACHE) > _CACHE_SIZE:
            del _CACHE[next(iter(_CACHE))]
    return found


_CACHE: dict[tuple[str, int], Edition] = {}
_CACHE_SIZE = 8


def clear_cache() -> None:
    """Forget the sentences kept by :func:`edition` (benchmarks time the cold path)."""
    _CACHE.clear()


def edition_from(text: str, segs: Iterable[Segment]) -> Edition:
    """Sentences (inside the paragraphs) with the section or subsection each stands in."""
    segs = list(segs)
    paras = [(s.start, s.end) for s in segs if s.kind == "paragraph"]
    outline = sorted((s.start, s.level, s.path) for s in segs if s.kind in SECTION_KINDS)
    titles = {s.path: s.title for s in segs if s.kind in SECTION_KINDS}
    starts = [o[0] for o in outline]
    para_starts = [p[0] for p in paras]
    out = []
    for sp in sentence_spans(text, paras or None):
        k = bisect_right(starts, sp.start) - 1
        section = outline[k][2] if k >= 0 else ""
        out.append(Sentence(sp.start, sp.end, section, bisect_right(para_starts, sp.start) - 1))
    return Edition(text, tuple(out), titles)


@dataclass(slots=True)
class DocumentPair:
    old: DocumentInfo
    new: DocumentInfo
    alignment: Alignment
    warnings: list[str]


def align_documents(project: Project, old_id: int, new_id: int) -> DocumentPair:
    with project.read() as tx:
        old, new = tx.document(old_id), tx.document(new_id)
        a, b = edition(tx, old_id), edition(tx, new_id)
    return DocumentPair(old, new, align(a, b), pair_warnings(old, new))


def pair_warnings(old: DocumentInfo, new: DocumentInfo) -> list[str]:
    out = []
    if old.country and new.country and old.country.casefold() != new.country.casefold():
        out.append(f"the two documents are about different countries ({old.country} and "
                   f"{new.country}); carrying codings between them is unusual")
    if old.year is not None and new.year is not None and old.year > new.year:
        out.append(f"OLD ({old.year}) is a later edition than NEW ({new.year})")
    return out


def change_records(al: Alignment, *, diffs: bool = True) -> list[dict[str, Any]]:
    """One dict per sentence (new sentences in order, removed ones where they stood): status,
    section, old and new offsets in code points (``null`` where absent), similarity, text and,
    for edited sentences, the word diff (offsets relative to each sentence)."""
    out = []
    for p in al.pairs:
        o = al.old.sentences[p.old] if p.old is not None else None
        n = al.new.sentences[p.new] if p.new is not None else None
        rec: dict[str, Any] = {
            "status": p.status,
            "section": n.section if n else (o.section if o else ""),
            "old_section": o.section if o else None,
            "old_start": o.start if o else None, "old_end": o.end if o else None,
            "new_start": n.start if n else None, "new_end": n.end if n else None,
            "similarity": round(p.similarity, 4), "identical": p.identical,
            "text": al.new.text[n.start:n.end] if n else al.old.text[o.start:o.end],  # type: ignore[union-attr]
        }
        if o is not None and n is not None and not p.identical:
            old_text = al.old.text[o.start:o.end]
            rec["old_text"] = old_text
            if diffs:
                rec["diff"] = [[d.tag, d.old_start, d.old_end, d.new_start, d.new_end]
                               for d in char_diff(old_text, rec["text"]) if d.tag != "equal"]
        out.append(rec)
    return out


@dataclass(slots=True)
class SectionSummary:
    section: str
    title: str
    counts: Counter[str]

    def line(self) -> str:
        c = self.counts
        bits = [f"{c[k]} {k}" for k in (NEW, EDITED, MOVED, REMOVED) if c[k]]
        return f"{self.section or '(no section)'}: " + (", ".join(bits) + " sentences"
                                                        if bits else "unchanged")

    def to_dict(self) -> dict[str, Any]:
        return {"section": self.section, "title": self.title,
                **{k: self.counts[k] for k in (SAME, EDITED, MOVED, NEW, REMOVED)}}


def section_summary(al: Alignment) -> list[SectionSummary]:
    """Counts per section of the new edition (removed sentences count where their section
    went), in outline order."""
    order: list[str] = []
    counts: dict[str, Counter[str]] = {}
    for p in al.pairs:
        if p.new is not None:
            sec = al.new.sentences[p.new].section
        else:
            assert p.old is not None
            old_sec = al.old.sentences[p.old].section
            sec = al.section_map.get(old_sec, old_sec)
        if sec not in counts:
            counts[sec] = Counter()
            order.append(sec)
        counts[sec][p.status] += 1
    titles = {**al.old.section_titles, **al.new.section_titles}
    return [SectionSummary(s, titles.get(s, ""), counts[s]) for s in order]


def resolve_pair(project: Project, old_ref: str, new_ref: str) -> tuple[DocumentInfo,
                                                                       DocumentInfo]:
    old, new = project.document(old_ref), project.document(new_ref)
    if old.id == new.id:
        return old, new  # allowed: self-alignment is all same
    if not old.chars or not new.chars:
        raise ValidationError("both documents need text")
    return old, new
