"""Gather what an agreement computation needs from the project, in one read transaction.

Documents are laid end to end on one axis (document i starts where document i-1 ends), so the
span statistics see one continuum and every array stays flat. Each code row of the report
(a code together with everything below it) becomes a category of the span table: a coding
counts for its own code and for every ancestor shown in the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from annotator.domain.agreement import SpanTable
from annotator.domain.codebook import Codebook
from annotator.domain.errors import ValidationError
from annotator.services.agreement.request import UNIT_NOUNS, AgreementRequest
from annotator.services.agreement.units import (SECTION_KINDS, Unit, document_units,
                                                paragraph_units, section_units, sentence_units)
from annotator.services.codebook import resolve
from annotator.services.codebook_bulk import project_codebook
from annotator.services.project import Project

if TYPE_CHECKING:
    from annotator.storage.store import Tx


@dataclass(frozen=True, slots=True)
class DocRef:
    id: int
    title: str
    chars: int
    begin: int  # offset of its first character on the study axis


@dataclass(frozen=True, slots=True)
class RowSpec:
    """A code row: the code and every code below it that the report shows."""

    uuid: str
    name: str
    path: str
    depth: int  # 0 = top-level code
    color: str
    leaf: bool  # no code below it is shown


@dataclass
class Study:
    request: AgreementRequest
    coders: tuple[str, ...]
    coder_ids: tuple[int, ...]
    docs: list[DocRef]
    excluded: list[dict[str, object]]
    rows: list[RowSpec]
    table: SpanTable  # coder = index into coders, category = row index, study-axis offsets
    units: np.ndarray  # (U, 2) study-axis intervals (empty for character units)
    unit_doc: np.ndarray  # document index of each unit
    unit_labels: list[str]
    texts: dict[int, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    codings_loaded: int = 0

    @property
    def doc_begin(self) -> np.ndarray:
        return np.asarray([d.begin for d in self.docs], dtype=np.int64)

    @property
    def doc_end(self) -> np.ndarray:
        return np.asarray([d.begin + d.chars for d in self.docs], dtype=np.int64)

    @property
    def total(self) -> int:
        return self.docs[-1].begin + self.docs[-1].chars if self.docs else 0

    @property
    def leaf_rows(self) -> list[int]:
        return [i for i, r in enumerate(self.rows) if r.leaf]


def find_coders(tx: Tx, names: tuple[str, ...]) -> tuple[tuple[int, ...], set[int]]:
    """(coder ids in the order given, the ids of gold coders among them)."""
    found, gold = [], set()
    known = {c.name: c for c in tx.coders()}
    for name in names:
        c = known.get(name)
        if c is None:
            listed = ", ".join(sorted(known)) or "none yet"
            raise ValidationError(f"no coder named {name!r} (coders: {listed})")
        found.append(c.id)
        if c.is_gold:
            gold.add(c.id)
    return tuple(found), gold


def worked_on(tx: Tx, coder_ids: tuple[int, ...], gold: set[int]) -> dict[int, set[int]]:
    """coder id -> documents they coded, were assigned, or (gold) adjudicated."""
    worked = tx.coded_documents_by_coder(coder_ids)
    for cid in coder_ids:
        worked[cid] |= {a["document_id"] for a in tx.assignments(coder_id=cid)}
        if cid in gold:
            worked[cid] |= tx.adjudicated_documents()
    return worked


def select_documents(req: AgreementRequest, facts: dict[int, tuple[str, int, bool]],
                      worked: dict[int, set[int]], names: dict[int, str]
                      ) -> tuple[list[int], list[dict[str, object]]]:
    """(documents every coder worked on, the others with the reason they are left out)."""
    unknown = [d for d in req.documents if d not in facts]
    if unknown:
        raise ValidationError(f"no document with id {unknown[0]}")
    candidates = list(req.documents) or sorted(facts)
    keep, excluded = [], []
    for d in candidates:
        missing = [names[c] for c in worked if d not in worked[c]]
        if missing:
            excluded.append({"id": d, "title": facts[d][0],
                             "reason": f"not coded by {', '.join(missing)}"})
        else:
            keep.append(d)
    if not keep:
        who = " and ".join(req.coders)
        counts = "; ".join(f"{names[c]} worked on {len(v)}" for c, v in worked.items())
        where = "the chosen documents" if req.documents else "the project"
        raise ValidationError(f"{who} have no documents in common in {where} ({counts}); "
                              "agreement needs documents that every coder coded or was "
                              "assigned")
    return keep, excluded


def units_by_document(tx: Tx, req: AgreementRequest, doc_ids: list[int],
           facts: dict[int, tuple[str, int, bool]], excluded: list[dict[str, object]]
           ) -> tuple[list[int], dict[int, list[Unit]], dict[int, str]]:
    """(documents that have the unit type, their units, texts read on the way); documents
    without such units are added to ``excluded``."""
    unit = req.unit
    texts: dict[int, str] = {}
    if unit == "character":
        return doc_ids, {d: [] for d in doc_ids}, texts
    if unit == "document":
        per = {d: document_units(facts[d][1]) for d in doc_ids}
    else:
        kinds = SECTION_KINDS if unit == "section" else ("paragraph",)
        bounds = tx.segment_bounds(doc_ids, kinds)
        if unit == "sentence":
            texts = tx.document_texts(doc_ids)
            per = {d: sentence_units(texts[d], bounds[d]) for d in doc_ids}
        elif unit == "section":
            per = {d: section_units(bounds[d]) for d in doc_ids}
        else:
            per = {d: paragraph_units(bounds[d]) for d in doc_ids}
    plural = UNIT_NOUNS[unit][1]
    lacking = [d for d in doc_ids if not per[d]]
    for d in lacking:
        why = ("is not a report with sections (sections come from importing a report)"
               if unit == "section" else f"has no {plural}")
        excluded.append({"id": d, "title": facts[d][0], "reason": why})
    keep = [d for d in doc_ids if per[d]]
    if not keep:
        hint = ("; choose paragraph or sentence units" if unit == "section"
                else "; choose another unit")
        raise ValidationError(f"none of the {len(doc_ids)} documents compared has {plural}"
                              f"{hint}")
    return keep, per, texts


def _rows(book: Codebook, req: AgreementRequest, coded_uuids: set[str]) -> list[RowSpec]:
    live: set[str] = set()
    for u in coded_uuids:
        if u in book:
            live.add(u)
            live.update(a.uuid for a in book.ancestors(u))
    if req.codes:
        roots = [resolve(book, ref) for ref in req.codes]
        empty = [book.path(r.uuid) for r in roots if r.uuid not in live]
        if empty:
            raise ValidationError(f"no codings of {', '.join(repr(p) for p in empty)} by "
                                  f"{', '.join(req.coders)} in the documents compared")
        chosen: dict[str, None] = {}
        for r in roots:
            chosen[r.uuid] = None
            chosen.update((n.uuid, None) for n in book.descendants(r.uuid))
        order = [n for n in book.walk() if n.uuid in chosen and n.uuid in live]
    else:
        order = [n for n in book.walk() if n.uuid in live]
    if not order:
        raise ValidationError(f"{', '.join(req.coders)} have no codings in the documents "
                              "compared")
    shown = {n.uuid for n in order}
    out = []
    for n in order:
        leaf = not any(d.uuid in shown for d in book.descendants(n.uuid))
        out.append(RowSpec(n.uuid, n.name, book.path(n.uuid), book.depth(n.uuid), n.color, leaf))
    return out


def _span_table(rows: list[RowSpec], book: Codebook, codings: list[tuple[int, ...]],
                code_uuid: dict[int, str], doc_index: dict[int, int], begins: np.ndarray,
                lengths: np.ndarray, coder_pos: dict[int, int], coders: tuple[str, ...]
                ) -> SpanTable:
    row_of = {r.uuid: i for i, r in enumerate(rows)}
    rows_for: dict[int, list[int]] = {}
    for cid, u in code_uuid.items():
        if u not in book:
            continue
        chain = [u] + [a.uuid for a in book.ancestors(u)]
        hit = [row_of[x] for x in chain if x in row_of]
        if hit:
            rows_for[cid] = hit
    if codings:
        arr = np.asarray(codings, dtype=np.int64)
    else:
        arr = np.zeros((0, 5), dtype=np.int64)
    keep = np.asarray([c in rows_for and d in doc_index for d, _, _, c, _ in codings], dtype=bool)
    arr = arr[keep] if len(arr) else arr
    doc_i = np.asarray([doc_index[d] for d in arr[:, 0]], dtype=np.int64)
    reps = np.asarray([len(rows_for[c]) for c in arr[:, 3]], dtype=np.int64)
    cats = np.asarray([r for c in arr[:, 3] for r in rows_for[c]], dtype=np.int64)
    base = begins[doc_i] if len(arr) else np.zeros(0, dtype=np.int64)
    start = np.clip(arr[:, 1], 0, lengths[doc_i] if len(arr) else 0) + base
    end = np.clip(arr[:, 2], 0, lengths[doc_i] if len(arr) else 0) + base
    coder = np.asarray([coder_pos[c] for c in arr[:, 4]], dtype=np.int64)
    ok = np.repeat(end > start, reps)
    table = SpanTable(np.repeat(coder, reps)[ok], np.repeat(start, reps)[ok],
                      np.repeat(end, reps)[ok], cats[ok], coders, tuple(range(len(rows))))
    return table


def load_study(project: Project, req: AgreementRequest) -> Study:
    """Read coders, documents, units, codebook and codings; raise ValidationError with a clear
    message when nothing can be compared."""
    with project.read() as tx:
        coder_ids, gold = find_coders(tx, req.coders)
        names = dict(zip(coder_ids, req.coders, strict=True))
        facts = tx.document_facts()
        worked = worked_on(tx, coder_ids, gold)
        doc_ids, excluded = select_documents(req, facts, worked, names)
        doc_ids, per_doc, texts = units_by_document(tx, req, doc_ids, facts, excluded)
        codings = tx.coding_columns(coder_ids, doc_ids)
        book = project_codebook(tx)
        code_uuid = {c.id: c.uuid for c in tx.codes()}
    coded = {code_uuid[c] for c in {row[3] for row in codings}}
    rows = _rows(book, req, coded)
    lengths = np.asarray([facts[d][1] for d in doc_ids], dtype=np.int64)
    begins = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
    docs = [DocRef(d, facts[d][0], int(n), int(b))
            for d, n, b in zip(doc_ids, lengths, begins, strict=True)]
    doc_index = {d: i for i, d in enumerate(doc_ids)}
    table = _span_table(rows, book, codings, code_uuid, doc_index, begins, lengths,
                        {c: i for i, c in enumerate(coder_ids)}, req.coders)
    u_start, u_end, u_doc, labels = [], [], [], []
    for i, d in enumerate(doc_ids):
        for s, e, label in per_doc[d]:
            u_start.append(s + begins[i])
            u_end.append(e + begins[i])
            u_doc.append(i)
            labels.append(label)
    units = np.stack([np.asarray(u_start, dtype=np.int64), np.asarray(u_end, dtype=np.int64)],
                     axis=1) if u_start else np.zeros((0, 2), dtype=np.int64)
    study = Study(req, req.coders, coder_ids, docs, excluded, rows, table, units,
                  np.asarray(u_doc, dtype=np.int64), labels, texts,
                  codings_loaded=len(codings))
    _outside_note(study)
    return study


def _outside_note(study: Study) -> None:
    """Say how many passages lie wholly outside every unit (they cannot count)."""
    if study.request.unit in ("character", "document") or not len(study.table):
        return
    us, ue = study.units[:, 0], study.units[:, 1]
    first = np.searchsorted(ue, study.table.start, side="right")
    last = np.searchsorted(us, study.table.end, side="left") - 1
    leaf = np.isin(study.table.category, study.leaf_rows)
    n = int(((first > last) & leaf).sum())
    if n:
        noun = UNIT_NOUNS[study.request.unit][1]
        study.notes.append(f"{n} coded passage(s) lie wholly outside the {noun} compared "
                           "(e.g. in headings) and do not count")
