""""What changed" between two editions: the outline with a summary per section, filters (new,
edited, moved, removed, unchanged; one section), inline or side by side, and a jump from any
sentence into the document text (the new edition; the old one for removed sentences)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel,
                               QSplitter, QTextBrowser, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from annotator.gui import theme
from annotator.services.alignment import DocumentPair, change_records, section_summary
from annotator.services.changes_html import diff_inline, diff_sides

STATUSES = ("new", "edited", "moved", "removed", "same")
_COUNTED = ("new", "edited", "moved", "removed")  # the outline's count columns
#: row backgrounds and word marks per theme; text keeps the palette's colour, so every pair
#: must stay readable with it (dark text on light tints, light text on dark tints)
_COLORS = {
    "light": {"new": "#e9f7ee", "edited": "#fff8e1", "moved": "#efeefe", "removed": "#fdecea",
              "same": "transparent", "del": "#f8c4c0", "ins": "#b7ebc6"},
    "dark": {"new": "#1d3326", "edited": "#3a3220", "moved": "#2b2944", "removed": "#442524",
             "same": "transparent", "del": "#7a2f2a", "ins": "#2d6a3e"},
}


def _marks(c: dict[str, str]) -> tuple[str, str, str, str]:
    """How removed and added words are marked (Qt's rich text: no <ins>/<del> styling)."""
    return (f"<s style='background:{c['del']}'>", "</s>",
            f"<span style='background:{c['ins']}'>", "</span>")


#: jump(document id, start, end)
Jump = Callable[[int, int, int], None]


class ChangesView(QDialog):
    def __init__(self, parent: QWidget | None, pair: DocumentPair, jump: Jump) -> None:
        # A window of its own (no parent: a child dialog is kept above the main window, so
        # a jump would land under it); it closes with the main window.
        super().__init__(None)
        self.main = parent
        if parent is not None:
            parent.destroyed.connect(self.close)
        self.setObjectName("changesView")
        self.setWindowTitle(f"What changed: {pair.old.year or pair.old.title} → "
                            f"{pair.new.year or pair.new.title}")
        self.pair = pair
        self.jump = jump
        self.records = change_records(pair.alignment)
        self.summary = section_summary(pair.alignment)
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Show:"))
        self.boxes: dict[str, QCheckBox] = {}
        for st in STATUSES:
            box = QCheckBox(st)
            box.setChecked(st != "same")
            box.toggled.connect(self.render)
            bar.addWidget(box)
            self.boxes[st] = box
        self.shown_label = QLabel()
        self.shown_label.setObjectName("changesShown")
        bar.addSpacing(12)
        bar.addWidget(self.shown_label)
        self.mode = QComboBox()
        self.mode.addItems(["Inline", "Side by side"])
        self.mode.currentIndexChanged.connect(self.render)
        bar.addStretch(1)
        bar.addWidget(self.mode)
        lay.addLayout(bar)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.outline = QTreeWidget()
        self.outline.setObjectName("changesOutline")
        self.outline.setRootIsDecorated(False)
        self.outline.setHeaderLabels(["Section", *_COUNTED])
        header = self.outline.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(_COUNTED) + 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        totals = {k: sum(sm.counts[k] for sm in self.summary) for k in _COUNTED}
        self._add_row("All sections", None, totals, "Every section of both editions")
        for sm in self.summary:
            label = f"{sm.section or '(no section)'}  {sm.title}".rstrip()
            self._add_row(label, sm.section, {k: sm.counts[k] for k in _COUNTED},
                          f"{sm.line()}" + (f"\n{sm.title}" if sm.title else ""))
        self.outline.setCurrentItem(self.outline.topLevelItem(0))
        self.outline.currentItemChanged.connect(lambda *_a: self.render())
        self.text = QTextBrowser()
        self.text.setObjectName("changesText")
        self.text.setOpenLinks(False)
        self.text.anchorClicked.connect(self._on_link)
        split.addWidget(self.outline)
        split.addWidget(self.text)
        split.setStretchFactor(1, 1)
        lay.addWidget(split, 1)
        for w in pair.warnings:
            lay.addWidget(QCheckBox(w))  # visible, can be ticked away
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        width, height = 1180, 760
        if screen is not None:
            width, height = min(width, int(screen.width() * 0.92)), min(
                height, int(screen.height() * 0.9))
        self.resize(width, height)
        split.setSizes([int(width * 0.36), int(width * 0.64)])
        self.render()

    def _add_row(self, label: str, section: str | None, counts: dict[str, int],
                 tip: str) -> None:
        item = QTreeWidgetItem([label, *(str(counts[k]) if counts[k] else "" for k in
                                         _COUNTED)])
        item.setData(0, Qt.ItemDataRole.UserRole, section)
        item.setToolTip(0, tip)
        for col in range(1, len(_COUNTED) + 1):
            item.setTextAlignment(col, Qt.AlignmentFlag.AlignRight
                                  | Qt.AlignmentFlag.AlignVCenter)
        if section is None:
            font = item.font(0)
            font.setBold(True)
            for col in range(len(_COUNTED) + 1):
                item.setFont(col, font)
        self.outline.addTopLevelItem(item)

    def section(self) -> str | None:
        item = self.outline.currentItem()
        return None if item is None else item.data(0, Qt.ItemDataRole.UserRole)

    def shown(self) -> list[tuple[int, dict[str, Any]]]:
        sec = self.section()
        on = {s for s, b in self.boxes.items() if b.isChecked()}
        return [(i, r) for i, r in enumerate(self.records)
                if r["status"] in on and (sec is None or r["section"] == sec)]

    def render(self) -> None:
        side = self.mode.currentIndex() == 1
        colors = _COLORS["dark" if theme.current() == "dark" else "light"]
        marks = _marks(colors)
        titles = {sm.section: sm.title for sm in self.summary}
        heading = self.section() is None  # all sections: say where each change is
        rows, last = [], object()
        shown = self.shown()
        for i, r in shown:
            if heading and r["section"] != last:
                last = r["section"]
                title = escape(f"{r['section'] or '(no section)'}  {titles.get(r['section'], '')}")
                rows.append(f"<tr><td colspan='3'><h4>{title}</h4></td></tr>" if side
                            else f"<h4>{title}</h4>")
            link = f"<a href='jump:{i}' title='Show in the text'>↗</a>"
            tag = f"<b>{r['status']}</b>"
            sim = (f" ({r['similarity']:.2f})" if r["status"] in ("edited", "moved")
                   and not r["identical"] else "")
            old = escape(r.get("old_text", r["text"] if r["old_start"] is not None else ""))
            new = escape(r["text"]) if r["new_start"] is not None else ""
            bg = colors[r["status"]]
            if side:
                if "old_text" in r:
                    old, new = diff_sides(r, *marks)
                rows.append(f"<tr style='background:{bg}'><td valign='top'>{tag}{sim} {link}"
                            f"</td><td valign='top'>{old}</td><td valign='top'>{new}</td></tr>")
            elif "old_text" in r:
                rows.append(f"<p style='background:{bg}'>{tag}{sim} {link} "
                            f"{diff_inline(r, *marks)}</p>")
            else:
                rows.append(f"<p style='background:{bg}'>{tag} {link} {new or old}</p>")
        if side:
            # the status column narrow, the two editions share the rest
            html = ("<table width='100%' cellspacing='0' cellpadding='4'><tr>"
                    "<th width='12%'></th>"
                    f"<th width='44%'>{self.pair.old.year or 'old'}</th>"
                    f"<th width='44%'>{self.pair.new.year or 'new'}</th></tr>"
                    + "".join(rows) + "</table>")
        else:
            html = "".join(rows)
        self.text.setHtml(html or "<p>Nothing to show with these filters.</p>")
        self.shown_label.setText(f"{len(shown)} of {len(self.records)} sentences")

    def _on_link(self, url: QUrl) -> None:
        s = url.toString()
        if s.startswith("jump:"):
            self.open_record(int(s[5:]))

    def open_record(self, i: int) -> None:
        r = self.records[i]
        if r["new_start"] is not None:
            self.jump(self.pair.new.id, r["new_start"], r["new_end"])
        else:
            self.jump(self.pair.old.id, r["old_start"], r["old_end"])
        if self.main is not None:  # bring the text forward; this window stays open behind it
            self.main.window().raise_()
            self.main.window().activateWindow()
