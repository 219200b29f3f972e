"""Coded passages with their context: document, section, offsets and text.

:func:`retrieve` answers "show me everything coded as X (or below X)", optionally for some
coders, a country, a year or some documents, in document order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotator.services.analysis.dataset import AnalysisData, load_analysis
from annotator.services.exporting.filters import ExportFilter
from annotator.services.project import Project
from annotator.storage.exchange_queries import CodingRow


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of one document, ``[start, end)`` in code points, with where it sits.

    ``coders`` and ``coding_uuids`` name the codings behind it (one for a retrieved coding,
    several for a co-occurrence or a typical passage).
    """

    document_id: int
    document_title: str
    country: str | None
    year: int | None
    section_path: str
    section_title: str
    start: int
    end: int
    text: str
    code_path: str = ""
    coders: tuple[str, ...] = ()
    coding_uuids: tuple[str, ...] = ()
    memo: str = ""

    @property
    def short_where(self) -> str:
        """``"Kazakhstan 2019 · 1.c"``: country and year instead of a long report title."""
        doc = " ".join(str(x) for x in (self.country, self.year) if x) or self.document_title
        return f"{doc} · {self.section_path}" if self.section_path else doc

    @property
    def where(self) -> str:
        """``"Title · 1.c Torture"`` (the section only when there is one)."""
        section = f"{self.section_path} {self.section_title}".strip()
        return f"{self.document_title} · {section}" if section else self.document_title


def make_passage(data: AnalysisData, document_id: int, start: int, end: int, *,
                 code_path: str = "", codings: Sequence[CodingRow] = (),
                 text: str | None = None) -> Passage:
    """A passage over ``[start, end)`` of a document; ``text`` is the document's text when the
    caller already has it."""
    doc = data.docs_by_id[document_id]
    full = text if text is not None else data.text(document_id)
    section = data.section_at(document_id, start)
    coders = tuple(dict.fromkeys(data.coders[c.coder_id].name for c in codings))
    memo = "\n".join(dict.fromkeys(c.memo for c in codings if c.memo))  # each text once
    return Passage(document_id, doc.title, doc.country, doc.year,
                   section.path if section else "", section.title if section else "",
                   start, end, full[start:end], code_path, coders,
                   tuple(c.uuid for c in codings), memo)


def coding_passages(data: AnalysisData, codings: Iterable[CodingRow]) -> list[Passage]:
    """One passage per coding, in the order given."""
    items = list(codings)
    texts = data.texts(c.document_id for c in items)
    return [make_passage(data, c.document_id, c.start, c.end, code_path=data.code_paths[c.code_id],
                         codings=(c,), text=texts[c.document_id]) for c in items]


def select_codings(data: AnalysisData, code: str | None = None, *,
                   coders: Iterable[str] = (), country: str | None = None,
                   year: int | None = None,
                   document_ids: Iterable[int] = ()) -> list[CodingRow]:
    """Codings of a code subtree (uuid; ``None`` = every code) narrowed by coder names,
    country, year and documents, in document order. Filters work on already loaded data."""
    wanted_codes = data.subtree_ids(code) if code else None
    names = {n.casefold() for n in coders}
    wanted_coders = ({i for i, c in data.coders.items() if c.name.casefold() in names}
                     if names else None)
    docs = set(document_ids)
    country_key = country.casefold() if country else None
    out = []
    for c in data.codings:
        if wanted_codes is not None and c.code_id not in wanted_codes:
            continue
        if wanted_coders is not None and c.coder_id not in wanted_coders:
            continue
        if docs and c.document_id not in docs:
            continue
        if country_key is not None or year is not None:
            d = data.docs_by_id[c.document_id]
            if country_key is not None and (d.country or "").casefold() != country_key:
                continue
            if year is not None and d.year != year:
                continue
        out.append(c)
    order = {d.id: i for i, d in enumerate(data.documents)}
    out.sort(key=lambda c: (order.get(c.document_id, 0), c.start, c.end, c.id))
    return out


def retrieve_from(data: AnalysisData, code: str | None = None, *, coders: Iterable[str] = (),
                  country: str | None = None, year: int | None = None,
                  document_ids: Iterable[int] = ()) -> list[Passage]:
    """The passages of :func:`select_codings` (for front ends that keep the data loaded)."""
    return coding_passages(data, select_codings(data, code, coders=coders, country=country,
                                                year=year, document_ids=document_ids))


def retrieve(project: Project, code: str, *, coders: Sequence[str] = (),
             country: str | None = None, year: int | None = None,
             documents: Sequence[int | str] = ()) -> list[Passage]:
    """All passages coded with ``code`` (a path or uuid) or any code below it.

    Unknown codes, coders or documents raise :class:`NotFoundError` naming what exists.
    """
    flt = ExportFilter(coders=tuple(coders), codes=(code,),
                       documents=tuple(str(d) for d in documents), country=country, year=year)
    data = load_analysis(project, flt)
    return coding_passages(data, data.codings)
