"""A densely coded report in the document view, for screenshots and for looking at by hand.

``python tests/gui/demo_document_view.py [--dark]`` opens it in a window.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from PySide6.QtGui import QColor, QPalette

from annotator.domain.spans import SpanInfo
from annotator.domain.text import canonical_text, paragraph_spans
from annotator.gui.document_view import DocumentView

OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"]
SAMPLE = Path(__file__).resolve().parents[3] / "shared/corpus/state-dept/2020/turkey.txt"
FALLBACK = (
    "Section 1. Respect for the Integrity of the Person\n\n"
    "There were credible allegations that the government contributed to civilian deaths in "
    "connection with its fight against armed groups in the southeast. Human rights groups "
    "reported that police used excessive force against demonstrators in several provinces. "
    "Authorities detained journalists and opposition politicians on terrorism charges.\n\n"
    "Domestic and international human rights groups reported disappearances during the year "
    "that they alleged were politically motivated. Families said relatives were held "
    "incommunicado for weeks. Courts rarely investigated the complaints.\n\n") * 4


def dark_palette() -> QPalette:
    pal = QPalette()
    for role, color in ((QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.Base, "#1c1c1f"),
                        (QPalette.ColorRole.Text, "#e4e4e7"), (QPalette.ColorRole.WindowText, "#e4e4e7"),
                        (QPalette.ColorRole.Highlight, "#3d6fb6"),
                        (QPalette.ColorRole.HighlightedText, "#ffffff")):
        pal.setColor(role, QColor(color))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#77777d"))
    return pal


def light_palette() -> QPalette:
    pal = QPalette()
    for role, color in ((QPalette.ColorRole.Window, "#f3f3f1"), (QPalette.ColorRole.Base, "#ffffff"),
                        (QPalette.ColorRole.Text, "#1f2328"), (QPalette.ColorRole.WindowText, "#1f2328"),
                        (QPalette.ColorRole.Highlight, "#2f6fb3"),
                        (QPalette.ColorRole.HighlightedText, "#ffffff")):
        pal.setColor(role, QColor(color))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#8a8d93"))
    return pal


def dense_example(seed: int = 7) -> tuple[str, list[SpanInfo], list[tuple[int, int]]]:
    """A report excerpt with sentence- and paragraph-length codings by three coders,
    overlapping up to five deep, in Okabe-Ito colours."""
    raw = SAMPLE.read_text(encoding="utf-8") if SAMPLE.exists() else FALLBACK
    text = canonical_text(raw)[:30000]
    paras = [(p.start, p.end) for p in paragraph_spans(text)]
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^.\n]+[.]", text)]
    sentences = [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in sentences]
    rng = random.Random(seed)
    spans: list[SpanInfo] = []
    for i, (s, e) in enumerate(sentences):
        if rng.random() < 0.55:
            k = rng.randrange(len(OKABE_ITO))
            spans.append(SpanInfo(f"s{i}", s, e, f"code{k}", 1 + i % 3, OKABE_ITO[k]))
        if rng.random() < 0.25:  # a phrase inside the sentence
            words = [m.span() for m in re.finditer(r"\w+", text[s:e])]
            if len(words) > 4:
                a = rng.randrange(len(words) - 3)
                b = a + rng.randrange(1, 4)
                k = rng.randrange(len(OKABE_ITO))
                spans.append(SpanInfo(f"w{i}", s + words[a][0], s + words[b][1], f"code{k}",
                                      1 + (i + 1) % 3, OKABE_ITO[k]))
    for j, (s, e) in enumerate(paras):
        if rng.random() < 0.3:
            k = rng.randrange(len(OKABE_ITO))
            spans.append(SpanInfo(f"p{j}", s, e, f"code{k}", 1 + j % 3, OKABE_ITO[k]))
    return text, spans, paras


MIXED = ("Report 😀 on 𝑴 and 𠀀 with café and 👨\u200d👩\u200d👧 family.\n\n"
         "أفادت منظمات حقوق الإنسان بأن الشرطة احتجزت عشرات الصحفيين خلال العام، وأن المحاكم لم "
         "تحقق في الشكاوى.\n\n"
         "ארגוני זכויות אדם דיווחו כי המשטרה עצרה עיתונאים רבים במהלך השנה.\n\n"
         "Mixed: the court (المحكمة) ruled that עיתונאים were detained unlawfully, said 𝑴𝑴 "
         "observers.")


def mixed_script_example() -> tuple[str, list[SpanInfo]]:
    """Astral characters, Arabic, Hebrew and mixed lines, with overlapping codings."""
    def coded(uuid: str, phrase: str, color: str) -> SpanInfo:
        s = MIXED.index(phrase)
        return SpanInfo(uuid, s, s + len(phrase), uuid, 1, color)

    return MIXED, [coded("a", "الشرطة احتجزت عشرات الصحفيين", OKABE_ITO[0]),
                   coded("b", "عشرات الصحفيين خلال العام", OKABE_ITO[1]),
                   coded("c", "המשטרה עצרה עיתונאים", OKABE_ITO[2]),
                   coded("d", "the court (المحكمة) ruled", OKABE_ITO[6]),
                   coded("e", "עיתונאים were detained", OKABE_ITO[4]),
                   coded("f", "😀 on 𝑴", OKABE_ITO[5])]


def show_dense(view: DocumentView, dark: bool = False) -> None:
    text, spans, paras = dense_example()
    if dark:
        view.setPalette(dark_palette())
    view.set_document(text, spans, paras)
    view.set_emphasis("code4")
    start = text.index("Section 1.") if "Section 1." in text else 0
    view.scroll_to(start)
    hit = text.find("security forces", start)
    if hit >= 0:
        view.set_find_hits([(hit, hit + len("security forces"))], current=0)
        view.scroll_to(start)


if __name__ == "__main__":
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    v = DocumentView()
    v.resize(1200, 850)
    show_dense(v, dark="--dark" in sys.argv)
    v.show()
    sys.exit(app.exec())
