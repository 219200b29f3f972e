"""The training vectorizer (annotator.services.suggest.vectorize) makes scikit-learn's TF-IDF
features, chunk by chunk, and the suggestion-time features agree with it."""

from __future__ import annotations

import numpy as np
import pytest

from annotator.domain.suggest.features import tfidf_rows
from annotator.services.suggest import vectorize
from annotator.services.suggest.vectorize import fit_vocabulary, transform

TEXTS = [
    "The police arrested journalists in the capital; journalists were detained.",
    "Prison conditions were harsh and life threatening. Prison overcrowding persisted.",
    "The constitution provides for freedom of expression, including for the press.",
    "Police arrested protesters; the press reported that police used force.",
    "",
    "Élections: the electoral commission announced results; observers noted irregularities.",
    "Women faced discrimination in employment and the press reported on it.",
    "Children: the law prohibits child labor, but child labor persisted in agriculture.",
] * 3


def test_same_features_as_scikit_learn_across_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    monkeypatch.setattr(vectorize, "CHUNK", 5)  # several chunks, paragraphs across boundaries
    ref_vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    ref = ref_vec.fit_transform(TEXTS).toarray()
    vocab = fit_vocabulary(TEXTS, 2, 100_000, 2)
    assert list(vocab.words) == sorted(ref_vec.vocabulary_)
    np.testing.assert_allclose(vocab.idf, ref_vec.idf_, rtol=1e-6)
    x = transform(vocab, TEXTS)
    assert x.dtype == np.float32 and x.shape == ref.shape
    np.testing.assert_allclose(x.toarray(), ref, atol=1e-6)
    # what the app computes when suggesting is the same
    index = {w: i for i, w in enumerate(vocab.words)}
    for row, (idx, vals) in enumerate(tfidf_rows(TEXTS[:8], index, vocab.idf.tolist())):
        np.testing.assert_allclose(x[row].toarray()[0, idx], vals, atol=1e-6)


def test_max_features_keeps_the_most_frequent_and_is_deterministic() -> None:
    a = fit_vocabulary(TEXTS, 1, 10, 2)
    b = fit_vocabulary(list(TEXTS), 1, 10, 2)
    assert a.words == b.words and len(a.words) == 10 and list(a.words) == sorted(a.words)
    assert "the" in a.words and "police" in a.words
    xa, xb = transform(a, TEXTS), transform(b, TEXTS)
    assert (xa != xb).nnz == 0


def test_empty_vocabulary_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="empty vocabulary"):
        fit_vocabulary(["", "a"], 1, 10, 2)
