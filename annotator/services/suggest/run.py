"""Suggest codes for the units of a document, and hand them on: as proposals (the shared
review loop), or as the codings of a pseudo-coder marked as a model (to measure it like a coder).

Suggestions only ever name current, codable, non-deprecated codes; frozen codebook versions are
snapshots and are never read or written here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from annotator.domain.codebook import Codebook
from annotator.domain.errors import InputError, ValidationError
from annotator.domain.model import Coder
from annotator.domain.sentences import sentence_spans
from annotator.domain.text import Span, paragraph_spans
from annotator.services.commands import Batch, Outcome
from annotator.services.project import Project
from annotator.services.suggest.sources import BoundModel

UNITS = ("paragraph", "sentence")
BLIND_RULE_KEY = "suggest.blind_rule"  # project meta: "on" (default) | "off"


@dataclass(frozen=True, slots=True)
class Suggestion:
    document_id: int
    start: int
    end: int
    code_uuid: str
    code_path: str
    confidence: float
    features: tuple[str, ...]
    alternatives: tuple[tuple[str, float], ...] = ()  # (code path, probability), next best

    def to_json(self) -> dict[str, object]:
        return {"document": self.document_id, "start": self.start, "end": self.end,
                "code": self.code_uuid, "code_path": self.code_path,
                "confidence": round(self.confidence, 4), "features": list(self.features),
                "alternatives": [{"code_path": p, "confidence": round(c, 4)}
                                 for p, c in self.alternatives]}


def unit_spans(text: str, unit: str = "paragraph") -> list[Span]:
    if unit == "paragraph":
        return paragraph_spans(text)
    if unit == "sentence":
        return sentence_spans(text)
    raise ValidationError(f"unknown unit {unit!r} (choose {', '.join(UNITS)})")


def suggest_text(bound: BoundModel, book: Codebook, text: str, *, document_id: int = 0,
                 unit: str = "paragraph", min_confidence: float = 0.0,
                 in_order: bool = True, why: int = 5) -> list[Suggestion]:
    """One suggestion per unit of ``text`` whose best code reaches ``min_confidence``."""
    spans = unit_spans(text, unit)
    if not spans:
        return []
    model = bound.model
    x = model.features([text[s.start:s.end] for s in spans])
    probs = model.probabilities_of(x, in_order=in_order)
    known = np.array([c is not None for c in bound.codes])
    probs = probs * known[None, :]  # classes the project lacks, and "no code", are not offered
    order = np.argsort(-probs, axis=1, kind="stable")
    out = []
    for i, span in enumerate(spans):
        k = int(order[i, 0])
        conf = float(probs[i, k])
        code = bound.codes[k]
        if code is None or conf < min_confidence or conf <= 0:
            continue
        alts = tuple((book.path(str(bound.codes[j])), float(probs[i, j]))
                     for j in order[i, 1:3] if bound.codes[j] is not None and probs[i, j] >= 0.01)
        out.append(Suggestion(document_id, span.start, span.end, code, book.path(code), conf,
                              tuple(model.why(x, i, k, why)), alts))
    return out


def suggest_document(project: Project, bound: BoundModel, book: Codebook, document_id: int,
                     **kwargs: object) -> list[Suggestion]:
    return suggest_text(bound, book, project.text(document_id), document_id=document_id,
                        **kwargs)  # type: ignore[arg-type]


# ----- the model as a coder ----------------------------------------------------------------
def model_coder(project: Project, name: str) -> Coder:
    """The pseudo-coder ``name`` (``kind='model'``), created when new. A person's name is
    refused, so that a model never writes into a person's codings."""
    name = name.strip()
    if not name:
        raise InputError("--as-coder needs a name")
    with project.read() as tx:
        coder = tx.coder_by_name(name)
    if coder is not None:
        if getattr(coder, "kind", "person") != "model":
            raise InputError(f"{name!r} is a person's coder name; choose a name for the model "
                             "(e.g. 'model-shipped')")
        return coder
    with project.store.begin() as tx:
        coder = tx.add_coder(name, kind="model")
        tx.log(project.coder.name if project.coder else "system", "coder.add", "coder",
               coder.uuid, {"name": coder.name, "kind": "model"})
    return coder


def write_as_coder(project: Project, coder: Coder, suggestions: Sequence[Suggestion],
                   ref: str) -> Outcome:
    """Write ``suggestions`` as codings of the pseudo-coder (one transaction, one undo step);
    a suggestion equal to one of its existing codings is skipped."""
    from annotator.services.coding_commands import ApplyCode

    with project.read() as tx:
        have = set()
        for doc in {s.document_id for s in suggestions}:
            codes = {c.id: c.uuid for c in tx.codes()}
            have |= {(doc, c.start, c.end, codes.get(c.code_id)) for c in
                     tx.codings(document_id=doc) if c.coder_id == coder.id}
    cmds = [ApplyCode(s.document_id, s.start, s.end, s.code_uuid, coder_id=coder.id,
                      origin="suggest", origin_ref=ref,
                      memo=f"confidence {s.confidence:.2f}; words: {', '.join(s.features)}")
            for s in suggestions if (s.document_id, s.start, s.end, s.code_uuid) not in have]
    return project.execute(Batch(list(cmds), f"suggestions as {coder.name}"))


def propose(project: Project, suggestions: Sequence[Suggestion], ref: str, unit: str) -> Outcome:
    """Offer ``suggestions`` to the acting coder as proposals (origin ``suggest``)."""
    from annotator.domain.proposals import SUGGEST, NewProposal
    from annotator.services.proposals import MakeProposals

    if project.coder is None:
        raise ValidationError("choose a coder before asking for suggestions")
    items = [NewProposal(s.document_id, s.start, s.end, s.code_uuid, project.coder.id, SUGGEST,
                         origin_ref=ref, score=round(s.confidence, 4),
                         evidence={"features": list(s.features), "unit": unit,
                                   "alternatives": [[p, round(c, 4)] for p, c in s.alternatives]})
             for s in suggestions]
    return project.execute(MakeProposals(items, description=f"suggest codes ({len(items)})"))


def suggestions_allowed(project: Project, coder: str | int, document_id: int) -> tuple[bool, str]:
    """Blind mode: no suggestions on a document a coder codes blind until they mark it done,
    unless the project lead turned the rule off (project setting ``suggest.blind_rule``)."""
    from annotator.services.assignments import blind_state

    with project.read() as tx:
        rule = tx.meta().get(BLIND_RULE_KEY, "on")
    if rule == "off":
        return True, ""
    state = blind_state(project, coder, document_id)
    if state.blind:
        return False, ("Blind coding: suggestions appear once you mark this document done "
                       "(the project lead can turn this rule off).")
    return True, ""


def set_blind_rule(project: Project, on: bool) -> None:
    """Turn the blind-mode rule for suggestions on or off for the whole project."""
    with project.store.begin() as tx:
        tx.set_meta(BLIND_RULE_KEY, "on" if on else "off")
        tx.log(project.coder.name if project.coder else "system", "project.setting", "project",
               None, {BLIND_RULE_KEY: "on" if on else "off"})
