"""The project model: learns from the project's own accepted codings, in any codebook.

* Examples: every passage a person coded (codings of pseudo-coders marked as models are left
  out), labelled by its code; uncoded paragraphs of coded documents, and suggestions a coder
  rejected, are examples of "no code" (rejections are the negatives the model learns most from).
* A code takes part once it has ``min_examples`` coded passages (default 20); the others are
  listed: "needs at least 20 coded examples of …".
* The model remembers the codes it was trained on; codes added or removed since make it refuse
  with "the model is out of date; retrain". It remembers the number of codings too, so that
  :func:`retrain_if_due` retrains after every ``every`` new codings.
* Stored per user and project (``<data dir>/suggest-models/<project uuid>/``), never inside the
  project, so that a model never travels with a package or a team database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from annotator.domain.codebook import Codebook
from annotator.domain.errors import InputError
from annotator.domain.text import paragraph_spans
from annotator.services.project import Project
from annotator.services.suggest.model import ModelError, SuggestModel, load_model
from annotator.services.suggest.sources import NONE_CLASS, BoundModel, bind_project, current_codes
from annotator.services.suggest.training import Cancelled, Progress, TrainParams, train

MIN_EXAMPLES = 20
RETRAIN_EVERY = 50
PROJECT_PARAMS = TrainParams(max_features=40000, min_df=2, epochs=12, alpha=1e-4,
                             temperature=0.3, weight=0.7)


@dataclass(frozen=True, slots=True)
class TrainingData:
    texts: list[str]
    labels: list[str]
    sequences: list[list[str]]
    counts: dict[str, int]  # coded examples per code uuid
    codings: int  # person codings seen (for "retrain every N")
    rejected: int


def model_path(project: Project) -> Path:
    from annotator.paths import data_dir

    return data_dir() / "suggest-models" / project.uuid / "project-model.npz"


def _person_coders(project: Project) -> set[int]:
    return {c.id for c in project.coders() if getattr(c, "kind", "person") != "model"}


def collect(project: Project, book: Codebook, roots: list[str] | None = None) -> TrainingData:
    """The project's examples for the codes of ``book`` (under ``roots`` when given)."""
    allowed = current_codes(book, roots)
    people = _person_coders(project)
    texts: list[str] = []
    labels: list[str] = []
    sequences: list[list[str]] = []
    counts: dict[str, int] = {u: 0 for u in allowed}
    n_codings = rejected = 0
    with project.read() as tx:
        uuid_of = {c.id: c.uuid for c in tx.codes()}
        for doc in tx.documents():
            cods = [c for c in tx.codings(document_id=doc.id, coder_ids=people)]
            n_codings += len(cods)
            cods = [c for c in cods if uuid_of.get(c.code_id) in allowed]
            refused = [p for p in tx.proposals(document_id=doc.id, status="rejected")
                       if p.code_uuid in allowed]
            if not cods and not refused:
                continue
            text = tx.document_text(doc.id)
            for c in cods:
                texts.append(text[c.start:c.end])
                labels.append(uuid_of[c.code_id])
                counts[labels[-1]] += 1
            for p in refused:
                texts.append(text[p.start:p.end])
                labels.append(NONE_CLASS)
                rejected += 1
            seq = []
            for span in paragraph_spans(text):
                best, best_len = NONE_CLASS, 0
                for c in cods:
                    inter = min(span.end, c.end) - max(span.start, c.start)
                    if inter > best_len:
                        best, best_len = uuid_of[c.code_id], inter
                seq.append(best)
                if best == NONE_CLASS and cods:
                    texts.append(text[span.start:span.end])
                    labels.append(NONE_CLASS)
            sequences.append(seq)
    return TrainingData(texts, labels, sequences, counts, n_codings, rejected)


def too_few(counts: dict[str, int], book: Codebook, min_examples: int) -> list[str]:
    return [f"{book.path(u)} ({n})" for u, n in sorted(counts.items(), key=lambda kv: book.path(
        kv[0])) if n < min_examples]


def train_project_model(project: Project, book: Codebook, *, roots: list[str] | None = None,
                        min_examples: int = MIN_EXAMPLES, params: TrainParams = PROJECT_PARAMS,
                        progress: Progress | None = None, cancelled: Cancelled | None = None,
                        save: bool = True) -> tuple[SuggestModel, list[str]]:
    """Train (and save) the project model; returns it with the codes that have too few
    examples. Raises InputError when fewer than two codes have enough."""
    data = collect(project, book, roots)
    enough = [u for u in (n.uuid for n in book) if data.counts.get(u, 0) >= min_examples]
    short = too_few(data.counts, book, min_examples)
    has_none = NONE_CLASS in data.labels
    if len(enough) + (1 if has_none else 0) < 2 or not enough:
        listed = ", ".join(short[:8]) + (" …" if len(short) > 8 else "")
        raise InputError(f"needs at least {min_examples} coded examples of {listed or 'a code'}"
                         " before it can suggest")
    keep = set(enough) | {NONE_CLASS}
    pairs = [(t, lab) for t, lab in zip(data.texts, data.labels, strict=True) if lab in keep]
    classes = enough + ([NONE_CLASS] if has_none else [])
    n_coded = sum(1 for _, lab in pairs if lab != NONE_CLASS)
    none_idx = [i for i, (_, lab) in enumerate(pairs) if lab == NONE_CLASS]
    weights = np.ones(len(pairs))
    if none_idx and len(none_idx) > n_coded:  # keep "no code" from drowning the codes
        weights[none_idx] = n_coded / len(none_idx)
    model = train([t for t, _ in pairs], [lab for _, lab in pairs],
                  [[c if c in keep else NONE_CLASS for c in s] for s in data.sequences],
                  classes, params, sample_weight=list(weights), progress=progress,
                  cancelled=cancelled,
                  meta={"kind": "project", "project": project.uuid, "roots": roots or [],
                        "codebook_codes": sorted(current_codes(book, roots)),
                        "code_paths": {u: book.path(u) for u in current_codes(book, roots)},
                        "codings": data.codings, "rejected": data.rejected,
                        "trained_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                        "counts": {u: data.counts.get(u, 0) for u in enough},
                        "too_few": short, "min_examples": min_examples})
    if save:
        model.save(model_path(project), {"id": "project", "project": project.uuid,
                                         "trained_at": model.meta["trained_at"],
                                         "too_few": short})
    return model, short


def load_project_model(project: Project, book: Codebook) -> BoundModel:
    path = model_path(project)
    if not path.is_file():
        raise ModelError("no project model yet: train it first (annotator suggest PROJECT "
                         "--model project --train)")
    model, manifest = load_model(path)
    return bind_project(book, model, manifest)


def retrain_if_due(project: Project, book: Codebook, every: int = RETRAIN_EVERY,
                   **kwargs: Any) -> SuggestModel | None:
    """Retrain when ``every`` person codings were added since the last training (or when the
    model is out of date or missing); ``None`` when nothing was due or too few examples."""
    path = model_path(project)
    due = True
    if path.is_file():
        try:
            model, _ = load_model(path)
            bind_project(book, model, {})
            now = collect_count(project)
            due = now - int(model.meta.get("codings", 0)) >= every
        except ModelError:
            due = True
    if not due:
        return None
    try:
        return train_project_model(project, book, **kwargs)[0]
    except InputError:
        return None


def collect_count(project: Project) -> int:
    people = _person_coders(project)
    with project.read() as tx:
        return sum(tx.count_codings(coder_id=c) for c in people)

