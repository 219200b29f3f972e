"""Review of double coding: list where coders disagree, settle each item into the gold layer.

An *item* is one code in one stretch of text where the compared coders differ:

* ``unit="span"`` (default): a chain of overlapping passages of one code; the coders differ when
  they did not mark exactly the same characters;
* a unit of analysis (``"paragraph"``, ``"sentence"``, ``"section"``, ``"document"``): the coders
  differ when the code is present in the unit for some coders and absent for others; their
  passages are clipped to the unit.

Decisions (see :func:`annotator.domain.review.decided_spans`) go through
:class:`~annotator.services.adjudication_commands.Adjudicate`, so they are undoable.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.domain.codebook import Codebook
from annotator.domain.codebook_colors import MISSING_CODE_COLOR
from annotator.domain.errors import NotFoundError, ValidationError
from annotator.domain.model import Coder
from annotator.domain.review import (Interval, Passage, by_coder, clusters, coders_agree,
                                     decided_spans, merge, parse_decision)
from annotator.services.adjudication_commands import Adjudicate
from annotator.services.agreement.request import AgreementRequest
from annotator.services.agreement.study import (find_coders, select_documents,
                                                units_by_document, worked_on)
from annotator.services.codebook import resolve
from annotator.services.codebook_bulk import project_codebook
from annotator.services.commands import Batch, Command, Outcome
from annotator.services.project import Project

REVIEW_UNITS = ("span", "sentence", "paragraph", "section", "document")
EXCERPT = 400

Execute = Callable[[Command], Outcome]


@dataclass(frozen=True, slots=True)
class CoderPassage:
    coding_uuid: str
    start: int  # clipped to the item
    end: int
    text: str


@dataclass(frozen=True)
class Disagreement:
    """One item to settle. ``passages`` maps every compared coder to their passages in it."""

    key: str
    number: int
    document_id: int
    title: str
    unit: str
    unit_label: str
    start: int
    end: int
    code_uuid: str
    code_path: str
    code_color: str
    excerpt: str
    passages: dict[str, tuple[CoderPassage, ...]]
    sources: tuple[dict[str, Any], ...]
    settled: dict[str, Any] | None = None

    @property
    def coders(self) -> tuple[str, ...]:
        return tuple(self.passages)

    @property
    def spans(self) -> dict[str, list[Interval]]:
        return {c: merge((p.start, p.end) for p in ps) for c, ps in self.passages.items()}

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "number": self.number, "document_id": self.document_id,
                "title": self.title, "unit": self.unit, "unit_label": self.unit_label,
                "start": self.start, "end": self.end, "code_uuid": self.code_uuid,
                "code": self.code_path, "excerpt": self.excerpt,
                "coders": {c: [{"coding_uuid": p.coding_uuid, "start": p.start, "end": p.end,
                                "text": p.text} for p in ps] for c, ps in self.passages.items()},
                "settled": None if self.settled is None else {
                    k: self.settled[k] for k in ("uuid", "decision", "reason", "decided_by")}}


@dataclass(frozen=True)
class Progress:
    settled: int
    total: int

    def __str__(self) -> str:
        return f"{self.settled} of {self.total} settled"


def _excerpt(text: str, limit: int = EXCERPT) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    half = limit // 2 - 1
    return flat[:half].rstrip() + " … " + flat[-half:].lstrip()


def gold_coder(project: Project) -> Coder | None:
    """The coder holding the gold standard, if one exists yet."""
    return next((c for c in project.coders() if c.is_gold), None)


def _code_filter(book: Codebook, codes: Sequence[str]) -> set[str] | None:
    if not codes:
        return None
    out: set[str] = set()
    for ref in codes:
        node = resolve(book, ref)
        out.add(node.uuid)
        out.update(n.uuid for n in book.descendants(node.uuid))
    return out


def disagreements(project: Project, coders: Sequence[str], *, unit: str = "span",
                  codes: Sequence[str] = (), documents: Sequence[int] = (),
                  agreed: bool = False) -> list[Disagreement]:
    """Every item where the coders differ, in document order (settled ones included, with
    their decision). ``agreed=True`` lists the items where they agree instead."""
    if unit not in REVIEW_UNITS:
        raise ValidationError(f"unknown review unit {unit!r}; use one of "
                              f"{', '.join(REVIEW_UNITS)}")
    req = AgreementRequest(tuple(coders), unit="character" if unit == "span" else unit,
                           documents=tuple(documents))
    with project.read() as tx:
        coder_ids, gold = find_coders(tx, req.coders)
        if gold:
            raise ValidationError("compare the coders themselves; the gold coder holds the "
                                  "decisions")
        names = dict(zip(coder_ids, req.coders, strict=True))
        uuids = {c.id: c.uuid for c in tx.coders()}
        facts = tx.document_facts()
        doc_ids, excluded = select_documents(req, facts, worked_on(tx, coder_ids, set()), names)
        doc_ids, per_doc, texts = units_by_document(tx, req, doc_ids, facts, excluded)
        passages = tx.coding_passages(coder_ids, doc_ids)
        paras = tx.segment_bounds(doc_ids, ("paragraph",)) if unit == "span" else {}
        texts = texts or tx.document_texts(doc_ids)
        records = {(r["document_id"], r["code_uuid"], r["start"], r["end"]): r
                   for r in tx.adjudications(document_ids=doc_ids)}
        book = project_codebook(tx)
        code_uuid = {c.id: c.uuid for c in tx.codes()}
    wanted = _code_filter(book, codes)
    groups: dict[tuple[int, int], list[Passage]] = defaultdict(list)
    for uid, doc, s, e, code_id, coder_id in passages:
        if wanted is None or code_uuid[code_id] in wanted:
            groups[(doc, code_id)].append(Passage(names[coder_id], uid, s, e))
    order = {d: i for i, d in enumerate(doc_ids)}
    items: list[tuple[Any, ...]] = []
    for (doc, code_id), ps in groups.items():
        cu = code_uuid[code_id]
        for s, e, label, members in _candidates(unit, ps, per_doc.get(doc, []),
                                                paras.get(doc, [])):
            spans = by_coder(members, req.coders, None if unit == "span" else s,
                             None if unit == "span" else e)
            same = (coders_agree(spans) if unit == "span"
                    else len({bool(v) for v in spans.values()}) == 1)
            if same != agreed:
                continue
            items.append((order[doc], s, book.path(cu) if cu in book else cu, doc, e, label,
                          cu, members))
    items.sort(key=lambda t: t[:3])
    out = []
    for n, (_, s, path, doc, e, label, cu, members) in enumerate(items, start=1):
        text = texts[doc]
        node = book.find(cu)
        clipped = {c: tuple(CoderPassage(p.coding_uuid, max(p.start, s), min(p.end, e),
                                         _excerpt(text[max(p.start, s):min(p.end, e)]))
                            for p in members if p.coder == c) for c in req.coders}
        sources = tuple({"coder": p.coder, "coder_uuid": uuids[coder_ids[req.coders.index(
            p.coder)]], "coding_uuid": p.coding_uuid, "start": p.start, "end": p.end,
            "code_uuid": cu} for p in members)
        out.append(Disagreement(f"{doc}:{s}-{e}:{cu[:8]}", n, doc, facts[doc][0], unit, label,
                                s, e, cu, path, node.color if node else MISSING_CODE_COLOR,
                                _excerpt(text[s:e]), clipped, sources,
                                records.get((doc, cu, s, e))))
    return out


def _where(paras: list[tuple[str, str, int, int, int]], starts: list[int], start: int,
           end: int) -> str:
    """``"¶ 3"`` / ``"¶ 3–4"`` for the paragraphs a passage touches, else its offsets."""
    i = max(bisect.bisect_right(starts, start) - 1, 0)
    hit = []
    while i < len(paras) and paras[i][2] < end:
        if paras[i][3] > start:
            hit.append(paras[i][1])
        i += 1
    if not hit:
        return f"chars {start}–{end}"
    return f"¶ {hit[0]}" if len(hit) == 1 else f"¶ {hit[0]}–{hit[-1]}"


def _candidates(unit: str, ps: list[Passage], units: list[tuple[int, int, str]],
                paras: list[tuple[str, str, int, int, int]]
                ) -> list[tuple[int, int, str, list[Passage]]]:
    """(start, end, label, passages) of one document and code: clusters or units touched."""
    if unit == "span":
        starts = [p[2] for p in paras]
        return [(s, e, _where(paras, starts, s, e), members) for s, e, members in clusters(ps)]
    starts = [u[0] for u in units]
    touched: dict[int, list[Passage]] = defaultdict(list)
    for p in ps:
        i = max(bisect.bisect_right(starts, p.start) - 1, 0)
        while i < len(units) and units[i][0] < p.end:
            if units[i][1] > p.start:
                touched[i].append(p)
            i += 1
    return [(units[i][0], units[i][1], units[i][2], members)
            for i, members in sorted(touched.items())]


def find_item(items: Sequence[Disagreement], ref: str) -> Disagreement:
    """An item by its number in the list (``"12"``) or its key (a unique prefix is enough)."""
    ref = ref.strip()
    if ref.isdigit():
        n = int(ref)
        if 1 <= n <= len(items):
            return items[n - 1]
        raise NotFoundError(f"no disagreement number {n} (there are {len(items)})")
    hits = [it for it in items if it.key == ref] or [it for it in items if it.key.startswith(ref)]
    if len(hits) != 1:
        raise NotFoundError(f"{len(hits)} disagreements match {ref!r}; use the key or number "
                            "shown by --list")
    return hits[0]


def progress(items: Sequence[Disagreement]) -> Progress:
    return Progress(sum(1 for it in items if it.settled is not None), len(items))


def decision_command(item: Disagreement, decision: str, reason: str = "",
                     edit: Sequence[Interval] | None = None) -> Adjudicate:
    """The command that settles ``item`` with ``decision`` (validated here)."""
    kind, who = parse_decision(decision, item.coders)
    spans = decided_spans(decision, item.spans, edit)
    text = f"accept:{who}" if who else kind
    return Adjudicate(item.document_id, item.start, item.end, item.code_uuid, text, spans,
                      [dict(s) for s in item.sources], reason.strip())


def decide(project: Project, item: Disagreement, decision: str, *, reason: str = "",
           edit: Sequence[Interval] | None = None, execute: Execute | None = None) -> Outcome:
    """Settle one item. Pass ``execute=undo_stack.push`` (or the GUI controller's execute) to
    make it undoable."""
    return (execute or project.execute)(decision_command(item, decision, reason, edit))


def adopt_agreed(project: Project, coders: Sequence[str], *, codes: Sequence[str] = (),
                 documents: Sequence[int] = (), execute: Execute | None = None
                 ) -> Outcome | None:
    """Copy every passage all coders marked identically into the gold layer (decision
    ``agreed``), as one undoable step; ``None`` when there is nothing new to copy."""
    same = [it for it in disagreements(project, coders, codes=codes, documents=documents,
                                       agreed=True) if it.settled is None]
    if not same:
        return None
    cmds: list[Command] = [Adjudicate(it.document_id, it.start, it.end, it.code_uuid, "agreed",
                                      it.spans[it.coders[0]], [dict(s) for s in it.sources])
                           for it in same]
    return (execute or project.execute)(Batch(cmds, f"copy {len(cmds)} agreed passages to gold"))


def decisions(project: Project, document_id: int | None = None) -> list[dict[str, Any]]:
    """Adjudication records (newest last), with the sources' coder names as recorded."""
    with project.read() as tx:
        return tx.adjudications(document_ids=None if document_id is None else [document_id])
