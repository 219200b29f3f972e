"""One pane per coder showing an item in context, that coder's passages highlighted."""

from __future__ import annotations

import html

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from annotator.gui.agreement import style
from annotator.gui.panels.documents_panel import compact_title
from annotator.services.adjudication import Disagreement
from annotator.services.project import Project

CONTEXT = 160


def highlighted_html(text: str, begin: int, end: int, marks: list[tuple[int, int]],
                     color: str, bounds: tuple[int, int]) -> str:
    """``text[begin:end]`` as HTML; ``marks`` get the code colour, text outside ``bounds`` (the
    item) is muted."""
    fill = QColor(color)
    fill.setAlpha(110)
    rgba = f"rgba({fill.red()},{fill.green()},{fill.blue()},0.45)"
    muted = style.muted().name()
    cuts = sorted({begin, end, *(max(begin, min(end, p)) for m in marks for p in m),
                   max(begin, min(end, bounds[0])), max(begin, min(end, bounds[1]))})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = html.escape(text[a:b]).replace("\n", "<br>")
        marked = any(s <= a and b <= e for s, e in marks)
        inside = bounds[0] <= a and b <= bounds[1]
        css = []
        if marked:
            css.append(f"background-color:{rgba}; border-bottom:2px solid {color}")
        if not inside:
            css.append(f"color:{muted}")
        out.append(f"<span style='{'; '.join(css)}'>{piece}</span>" if css else piece)
    lead = "… " if begin > 0 else ""
    tail = " …" if end < len(text) else ""
    return f"<div style='line-height:140%'>{lead}{''.join(out)}{tail}</div>"


class SideBySide(QWidget):
    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self._texts: dict[int, str] = {}
        self.heading = QLabel()
        self.heading.setObjectName("panelTitle")
        self.heading.setWordWrap(True)
        self.row = QHBoxLayout()
        self.row.setSpacing(8)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 4)
        lay.addWidget(self.heading)
        lay.addLayout(self.row, 1)
        self.panes: list[tuple[QLabel, QTextBrowser]] = []

    def clear_texts(self) -> None:
        self._texts.clear()

    def _text(self, doc: int) -> str:
        if doc not in self._texts:
            self._texts[doc] = self.project.text(doc)
        return self._texts[doc]

    def _ensure(self, n: int) -> None:
        while len(self.panes) < n:
            box = QVBoxLayout()
            title = QLabel()
            view = QTextBrowser()
            view.setOpenLinks(False)
            box.addWidget(title)
            box.addWidget(view, 1)
            self.row.addLayout(box, 1)
            self.panes.append((title, view))
        for i, (title, view) in enumerate(self.panes):
            title.setVisible(i < n)
            view.setVisible(i < n)

    def show_item(self, item: Disagreement | None) -> None:
        if item is None:
            self.heading.setText("No item selected")
            self._ensure(0)
            return
        where = item.unit_label
        status = (f" — settled: {item.settled['decision']}" if item.settled else "")
        # short enough for one line in a bottom dock; the full title and code path on hover
        code = item.code_path.rsplit("/", 1)[-1]
        self.heading.setText(f"{item.number}. {compact_title(item.title)} · {where} · "
                             f"{code}{status}")
        self.heading.setToolTip(f"{item.title}\n{item.code_path}")
        text = self._text(item.document_id)
        begin = max(0, item.start - CONTEXT)
        end = min(len(text), item.end + CONTEXT)
        self._ensure(len(item.coders))
        for (title, view), coder in zip(self.panes, item.coders, strict=False):
            marks = [(p.start, p.end) for p in item.passages[coder]]
            n = len(marks)
            title.setText(f"<b>{html.escape(coder)}</b> — "
                          + (f"{n} passage{'s' if n != 1 else ''}" if n else "did not code it"))
            view.setHtml(highlighted_html(text, begin, end, marks, item.code_color,
                                          (item.start, item.end)))
