"""Train a :class:`SuggestModel` from labelled units, cancellably.

``progress(done, total, message)`` and ``cancelled()`` follow the other long services (import,
agreement): the GUI runs this in a worker with a cancel token, the CLI with a progress line.
The classifier is scikit-learn's SGD (modified Huber loss, one-vs-rest over two cores), trained
epoch by epoch with a seeded shuffle so that a cancel is honoured within one epoch and the same
data and seed give the same weights.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from annotator.domain.errors import AnnotatorError
from annotator.domain.suggest.sequence import log_transitions, transition_counts
from annotator.services.suggest.model import SuggestModel
from annotator.services.suggest.vectorize import (fit_vocabulary, give_back_memory,
                                                  transform)

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


class TrainingCancelled(AnnotatorError):
    """The user cancelled training; nothing was written."""


@dataclass(frozen=True, slots=True)
class TrainParams:
    max_features: int = 60000
    min_df: int = 3
    ngram_max: int = 2
    epochs: int = 5
    alpha: float = 2e-6
    seed: int = 0
    #: softmax temperature and emission weight of the sequence smoothing, chosen on the 2020
    #: reports with a model trained on 2016–2019 (never on the 2021 test reports)
    temperature: float = 0.3
    weight: float = 0.5
    smoothing: float = 0.5
    jobs: int = 2
    #: the vocabulary is chosen from at most this many evenly spread units (all are then
    #: weighted): a vocabulary of every bigram of 190k paragraphs would need over 1 GB
    vocab_units: int = 50000


def train(texts: Sequence[str], labels: Sequence[str], sequences: Sequence[Sequence[str]],
          classes: Sequence[str], params: TrainParams = TrainParams(), *,
          meta: dict[str, Any] | None = None, sample_weight: Sequence[float] | None = None,
          progress: Progress | None = None, cancelled: Cancelled | None = None,
          release: Callable[[], None] | None = None) -> SuggestModel:
    """A model over ``classes`` from ``texts`` labelled ``labels`` (class keys).

    ``sequences`` are the class keys of each training document's units in reading order (for
    the transition probabilities); give ``[]`` when the units have no order. ``release`` is
    called once the texts are turned into features: a caller that owns the only references
    drops them there, so that the texts are not held beside the matrix while fitting.
    """

    def check(step: int, message: str) -> None:
        if cancelled is not None and cancelled():
            raise TrainingCancelled("training cancelled; the previous model is unchanged")
        if progress is not None:
            progress(step, params.epochs + 2, message)

    index = {c: i for i, c in enumerate(classes)}
    y = np.array([index[lab] for lab in labels], dtype=np.int64)
    check(0, "reading the words")
    min_df = min(params.min_df, max(1, len(texts) // 50))
    step = max(1, -(-len(texts) // params.vocab_units))
    vocab = fit_vocabulary(texts[::step], min_df, params.max_features, params.ngram_max,
                           lambda: check(0, "reading the words"))
    give_back_memory()
    check(0, "weighting the words")
    x = transform(vocab, texts, lambda: check(0, "weighting the words"))
    del texts
    if release is not None:
        release()
    give_back_memory()
    # imported only now (~150 MB of libraries): not at the same time as the texts
    from sklearn.linear_model import SGDClassifier

    weights = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    # A seeded RandomState (not an int) moves on between passes: each pass is shuffled anew,
    # in place (no copy of the matrix), and the same seed gives the same passes.
    clf = SGDClassifier(loss="modified_huber", alpha=params.alpha, shuffle=True,
                        random_state=np.random.RandomState(params.seed), n_jobs=params.jobs,
                        learning_rate="optimal")
    all_classes = np.arange(len(classes))
    for epoch in range(params.epochs):
        check(epoch + 1, f"training, pass {epoch + 1} of {params.epochs}")
        clf.partial_fit(x, y, classes=all_classes, sample_weight=weights)
    check(params.epochs + 1, "reading the order of codes")
    counts = np.bincount(y, minlength=len(classes)).astype(np.float64)
    seqs = [[index[c] for c in seq if c in index] for seq in sequences]
    trans = log_transitions(transition_counts(seqs, len(classes)), params.smoothing)
    model = SuggestModel(
        classes=tuple(classes), vocabulary=vocab.words,
        idf=vocab.idf, coef=clf.coef_.astype(np.float32),
        intercept=clf.intercept_.astype(np.float32),
        log_prior=_log(counts / counts.sum()), log_trans=trans,
        temperature=params.temperature, weight=params.weight, ngram_max=params.ngram_max,
        meta={**(meta or {}), "params": {
            "max_features": params.max_features, "min_df": min_df, "epochs": params.epochs,
            "alpha": params.alpha, "seed": params.seed, "smoothing": params.smoothing},
            "examples": int(len(y))})
    if len(classes) == 2:  # scikit-learn keeps one weight row for two classes
        model = dataclasses.replace(model, coef=np.vstack([-model.coef, model.coef]),
                                    intercept=np.concatenate([-model.intercept,
                                                              model.intercept]))
    # Round-trip through the stored precision, so that a fresh model suggests exactly what the
    # same model read back from its file suggests.
    return SuggestModel.from_bytes(model.to_bytes())


def _log(p: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.log(p)
