"""A deterministic synthetic coder for the series benchmark and tests: every sentence that
contains one of a fixed list of rights keywords gets that keyword's code (a sentence with two
keywords gets both codes). Sentences are the project's own (:func:`edition`)."""

from __future__ import annotations

import re

from annotator.domain.alignment import Edition

#: code name -> keyword pattern (whole words, case-insensitive)
KEYWORDS: dict[str, str] = {
    "Torture": r"tortur\w*",
    "Detention": r"detain\w*|detention",
    "Killings": r"killing\w*|killed",
    "Disappearance": r"disappear\w*",
    "Press": r"journalist\w*|newspaper\w*",
    "Elections": r"election\w*",
    "Corruption": r"corrupt\w*",
    "Trafficking": r"traffick\w*",
    "Children": r"child\w*",
    "Disability": r"disabilit\w*",
    "Refugees": r"refugee\w*|asylum",
    "Labor": r"trade unions?|strike\w*",
    "Prisons": r"prison\w*",
    "Women": r"wom[ae]n|rape",
}
_PATTERNS = {name: re.compile(rf"\b(?:{p})\b", re.IGNORECASE) for name, p in KEYWORDS.items()}


def code_sentences(ed: Edition) -> list[tuple[int, int, int, str]]:
    """(sentence index, start, end, code name) for every keyword hit, in sentence order."""
    out = []
    for i, s in enumerate(ed.sentences):
        text = ed.text[s.start:s.end]
        for name, pat in _PATTERNS.items():
            if pat.search(text):
                out.append((i, s.start, s.end, name))
    return out
