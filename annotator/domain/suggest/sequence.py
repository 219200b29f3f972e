"""Document context for suggestions: a report is a sequence of sections, not a bag of paragraphs.

The text classifier scores each paragraph alone. A hidden-Markov smoothing then reads the
paragraphs in order: the transition probabilities between codes (learned from the order of
coded paragraphs in training documents: mostly "stay", else "move on to the next part") are
combined with the classifier's scores by the forward–backward algorithm, and each paragraph
gets the posterior probability of every code given the whole document.

Classifier probabilities are turned into scaled likelihoods (divided by the code's prior), the
usual hybrid of a discriminative classifier and an HMM; ``weight`` sharpens or flattens them.
Pure numpy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


def transition_counts(sequences: Iterable[Sequence[int]], n_classes: int) -> FloatArray:
    """``counts[a, b]``: how often code ``b`` follows code ``a`` in consecutive units."""
    counts = np.zeros((n_classes, n_classes), dtype=np.float64)
    for seq in sequences:
        arr = np.asarray(seq, dtype=np.int64)
        if len(arr) > 1:
            np.add.at(counts, (arr[:-1], arr[1:]), 1.0)
    return counts


def log_transitions(counts: FloatArray, smoothing: float = 0.5) -> FloatArray:
    """Row-normalised log transition probabilities with add-``smoothing`` counts."""
    sm = counts + smoothing
    return np.log(sm / sm.sum(axis=1, keepdims=True))


def _logsumexp(a: FloatArray, axis: int) -> FloatArray:
    m = np.max(a, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        out = np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True)) + m
    return np.squeeze(out, axis=axis)


#: A code seen (almost) never in training must not win by being divided by a prior near 0.
PRIOR_FLOOR = 1e-3


def smooth(log_probs: FloatArray, log_prior: FloatArray, log_trans: FloatArray,
           weight: float = 1.0) -> FloatArray:
    """Posterior probabilities ``(n_units, n_classes)`` of each code for each unit in order.

    ``log_probs`` are the classifier's log-probabilities per unit; ``log_prior`` the codes'
    log-frequencies (``-inf`` for a code without training examples, which is never offered);
    ``log_trans`` from :func:`log_transitions`. One unit gives back its own classifier
    probabilities (the start distribution is the prior).
    """
    n, _ = log_probs.shape
    if n == 0:
        return np.zeros_like(log_probs)
    floor = np.maximum(log_prior, np.log(PRIOR_FLOOR))
    emit = weight * (log_probs - floor[None, :])
    emit[:, ~np.isfinite(log_prior)] = -np.inf
    alpha = np.empty_like(emit)
    alpha[0] = floor + emit[0]
    for i in range(1, n):
        alpha[i] = _logsumexp(alpha[i - 1][:, None] + log_trans, axis=0) + emit[i]
    beta = np.zeros_like(emit)
    for i in range(n - 2, -1, -1):
        beta[i] = _logsumexp(log_trans + (emit[i + 1] + beta[i + 1])[None, :], axis=1)
    post = alpha + beta
    post -= _logsumexp(post, axis=1)[:, None]
    return np.exp(post)


def softmax(scores: FloatArray, temperature: float = 1.0) -> FloatArray:
    """Row-wise softmax of ``scores / temperature``."""
    z = scores / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
