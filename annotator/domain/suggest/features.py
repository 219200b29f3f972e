"""Text features of a unit: lower-cased word uni- and bigrams, as scikit-learn's
``TfidfVectorizer`` makes them (token pattern ``\\b\\w\\w+\\b``, n-grams joined by a space).

Training counts the same n-grams in bulk with numpy (``annotator.services.suggest.vectorize``);
suggesting uses this small re-implementation, so that the app does not import scikit-learn
(seconds) to score a document. Tests check that both agree with scikit-learn.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
#: the token pattern, for the training vectorizer (annotator.services.suggest.vectorize)
TOKEN = _TOKEN


def ngrams(text: str, ngram_max: int = 2) -> list[str]:
    """The unigrams, bigrams … of ``text`` in scikit-learn's order and form."""
    tokens = _TOKEN.findall(text.lower())
    out = list(tokens)
    for n in range(2, ngram_max + 1):
        out += [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
    return out


def tfidf_rows(texts: Sequence[str], vocabulary: Mapping[str, int], idf: Sequence[float],
               ngram_max: int = 2) -> list[tuple[list[int], list[float]]]:
    """Per text, the feature indices and their weights: sublinear tf (1 + log tf) × idf,
    normalised to unit length, indices sorted."""
    rows = []
    for text in texts:
        counts = Counter(map(vocabulary.get, ngrams(text, ngram_max)))
        counts.pop(None, None)  # type: ignore[call-overload]
        idx: list[int] = sorted(counts)  # type: ignore[arg-type]
        vals = [(1.0 + math.log(counts[i])) * idf[i] for i in idx]
        norm = math.sqrt(sum(v * v for v in vals))
        rows.append((idx, [v / norm for v in vals] if norm > 0 else vals))
    return rows
