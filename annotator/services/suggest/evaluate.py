"""Measure a suggestion model like a coder: top-1/top-3 accuracy, macro-F1, per-code F1 and
Cohen's κ (from the project's agreement library) between the model and the reference codes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from annotator.domain.agreement import cohen_kappa_from_table
from annotator.services.suggest.model import SuggestModel


def scores_table(truth: NDArray[np.int64], probs: NDArray[np.float64],
                 classes: Sequence[str]) -> dict[str, Any]:
    """Accuracy figures of probability rows ``probs`` against class indices ``truth``."""
    k = len(classes)
    if len(truth) == 0:
        return {"units": 0, "top1": 0.0, "top3": 0.0, "macro_f1": 0.0, "kappa": None,
                "per_code": {}}
    order = np.argsort(-probs, axis=1, kind="stable")
    pred = order[:, 0]
    top1 = float((pred == truth).mean())
    top3 = float((order[:, :3] == truth[:, None]).any(axis=1).mean())
    ok = truth >= 0  # a reference code the model does not know is an error, outside the table
    table = np.bincount(truth[ok] * k + pred[ok], minlength=k * k).reshape(k, k).astype(float)
    per_code: dict[str, dict[str, float | int]] = {}
    f1s = []
    for i, name in enumerate(classes):
        tp, support, predicted = table[i, i], table[i].sum(), table[:, i].sum()
        if support == 0 and predicted == 0:
            continue
        prec = tp / predicted if predicted else 0.0
        rec = tp / support if support else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per_code[name] = {"support": int(support), "precision": round(float(prec), 4),
                          "recall": round(float(rec), 4), "f1": round(float(f1), 4)}
        if support:
            f1s.append(f1)
    kappa = cohen_kappa_from_table(table).value
    return {"units": int(len(truth)), "top1": round(top1, 4), "top3": round(top3, 4),
            "macro_f1": round(float(np.mean(f1s)) if f1s else 0.0, 4),
            "kappa": None if kappa is None else round(float(kappa), 4), "per_code": per_code}


def evaluate_documents(model: SuggestModel, documents: Sequence[Sequence[tuple[str, str]]],
                       *, in_order: bool = True) -> dict[str, Any]:
    """Score ``documents`` (each a list of ``(text, true class key)`` in reading order).
    Units whose class the model does not know count as errors."""
    index = {c: i for i, c in enumerate(model.classes)}
    truths, probs = [], []
    for doc in documents:
        if not doc:
            continue
        probs.append(model.probabilities([t for t, _ in doc], in_order=in_order))
        truths += [index.get(c, -1) for _, c in doc]
    if not probs:
        return scores_table(np.zeros(0, np.int64), np.zeros((0, len(model.classes))),
                            model.classes)
    return scores_table(np.array(truths, dtype=np.int64), np.vstack(probs), model.classes)
