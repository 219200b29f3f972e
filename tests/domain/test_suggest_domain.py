"""Pure parts of suggestions: outline labels of a report's paragraphs, sequence smoothing."""

from __future__ import annotations

import numpy as np

from annotator.domain.model import Segment
from annotator.domain.suggest.outline_labels import label_paragraphs
from annotator.domain.suggest.sequence import log_transitions, smooth, transition_counts
from annotator.services.exchange.templates import load_template

TEXT = ("Section 1. Respect\n\n"
        "c. Torture\n\n"
        "Police beat detainees.\n\n"
        "Prison and Detention Center Conditions\n\n"
        "Physical Conditions: Cells were crowded.\n\n"
        "Section 2. Civil Liberties\n\n"
        "d. Freedom of Movement, Internally Displaced Persons, Protection of Refugees\n\n"
        "Movement was restricted.\n\n"
        "PROTECTION OF REFUGEES\n\n"
        "Refugees lacked access to asylum.")


def _seg(kind: str, path: str, title: str, start_text: str, end_text: str | None,
         level: int) -> Segment:
    start = TEXT.index(start_text)
    end = len(TEXT) if end_text is None else TEXT.index(end_text)
    return Segment(kind, path, title, start, end, level=level)


def test_paragraphs_get_the_code_of_their_innermost_known_heading() -> None:
    book = load_template("country-reports-2021")
    segs = [
        _seg("section", "1", "Respect", "Section 1.", "Section 2.", 1),
        _seg("subsection", "1.c", "Torture", "c. Torture", "Section 2.", 2),
        _seg("subheading", "1.c.1", "Prison and Detention Center Conditions",
             "Prison and", "Section 2.", 3),
        _seg("label", "1.c.1.1", "Physical Conditions", "Physical", "Section 2.", 4),
        _seg("section", "2", "Civil Liberties", "Section 2.", None, 1),
        _seg("subsection", "2.d", "Freedom of Movement, Internally Displaced Persons, "
             "Protection of Refugees", "d. Freedom", None, 2),
        _seg("subheading", "2.d.1", "PROTECTION OF REFUGEES", "PROTECTION", None, 3),
    ]
    pos = 0
    for i, block in enumerate(TEXT.split("\n\n")):
        segs.append(Segment("paragraph", str(i + 1), "", pos, pos + len(block), level=5))
        pos += len(block) + 2
    out = label_paragraphs(TEXT, segs, book)
    got = [(TEXT[p.body_start:p.end], book.get(p.code_uuid).label) for p in out]
    assert got == [("Police beat detainees.", "1.c"),
                   ("Cells were crowded.", "1.c › Prisons"),  # the inline label is cut off
                   ("Movement was restricted.", "2.d"),  # by letter: the title is the old one
                   ("Refugees lacked access to asylum.", "2.f")]  # a sibling subsection


def test_smoothing_follows_the_order_of_a_report() -> None:
    trans = log_transitions(transition_counts([[0, 0, 1, 1, 2, 2]] * 5, 3), 0.1)
    prior = np.log(np.full(3, 1 / 3))
    # the middle unit alone leans to code 2, but sits between two units of code 0 and 1
    probs = np.log(np.array([[0.9, 0.05, 0.05], [0.3, 0.2, 0.5], [0.05, 0.9, 0.05]]))
    post = smooth(probs, prior, trans)
    assert post.argmax(1).tolist() == [0, 0, 1] or post.argmax(1).tolist() == [0, 1, 1]
    assert np.allclose(post.sum(1), 1.0)
    single = smooth(probs[:1], prior, trans)
    assert np.allclose(single, np.exp(probs[:1]))


def test_features_match_scikit_learn() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from annotator.domain.suggest.features import tfidf_rows

    texts = ["Police detained 12 journalists; police beat them.", "Ünïcode Straße, ÉTAT civil",
             "a b c", "", "The right of workers to strike; workers' unions were banned."]
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
    ref = vec.fit_transform(texts).toarray()
    rows = tfidf_rows(texts, vec.vocabulary_, vec.idf_.tolist(), 2)
    got = np.zeros_like(ref)
    for r, (idx, vals) in enumerate(rows):
        got[r, idx] = vals
    assert np.allclose(got, ref, atol=1e-6)
