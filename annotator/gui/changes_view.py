""""What changed" between two editions: the outline with a summary per section, filters (new,
edited, moved, removed, unchanged; one section), inline or side by side, and a jump from any
sentence into the document text (the new edition; the old one for removed sentences)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QHBoxLayout, QListWidget,
                               QListWidgetItem, QSplitter, QTextBrowser, QVBoxLayout, QWidget)

from annotator.services.alignment import DocumentPair, change_records, section_summary
from annotator.services.changes_html import diff_inline, diff_sides

STATUSES = ("new", "edited", "moved", "removed", "same")
_COLORS = {"new": "#e9f7ee", "edited": "#fff8e1", "moved": "#efeefe", "removed": "#fdecea",
           "same": "transparent"}

#: how removed and added words are marked (Qt's rich text: no <ins>/<del> styling)
_MARKS = ("<s style='background:#f8c4c0'>", "</s>", "<span style='background:#b7ebc6'>",
          "</span>")

#: jump(document id, start, end)
Jump = Callable[[int, int, int], None]


class ChangesView(QDialog):
    def __init__(self, parent: QWidget | None, pair: DocumentPair, jump: Jump) -> None:
        super().__init__(parent)
        self.setObjectName("changesView")
        self.setWindowTitle(f"What changed: {pair.old.year or pair.old.title} → "
                            f"{pair.new.year or pair.new.title}")
        self.pair = pair
        self.jump = jump
        self.records = change_records(pair.alignment)
        self.summary = section_summary(pair.alignment)
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.boxes: dict[str, QCheckBox] = {}
        for st in STATUSES:
            box = QCheckBox(st)
            box.setChecked(st != "same")
            box.toggled.connect(self.render)
            bar.addWidget(box)
            self.boxes[st] = box
        self.mode = QComboBox()
        self.mode.addItems(["Inline", "Side by side"])
        self.mode.currentIndexChanged.connect(self.render)
        bar.addStretch(1)
        bar.addWidget(self.mode)
        lay.addLayout(bar)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.outline = QListWidget()
        all_item = QListWidgetItem("All sections")
        all_item.setData(Qt.ItemDataRole.UserRole, None)
        self.outline.addItem(all_item)
        for s in self.summary:
            item = QListWidgetItem(s.line() + (f" — {s.title}" if s.title else ""))
            item.setData(Qt.ItemDataRole.UserRole, s.section)
            self.outline.addItem(item)
        self.outline.setCurrentRow(0)
        self.outline.currentRowChanged.connect(lambda _r: self.render())
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.anchorClicked.connect(self._on_link)
        split.addWidget(self.outline)
        split.addWidget(self.text)
        split.setSizes([280, 720])
        lay.addWidget(split, 1)
        for w in pair.warnings:
            lay.addWidget(QCheckBox(w))  # visible, can be ticked away
        self.resize(1100, 720)
        self.render()

    def section(self) -> str | None:
        item = self.outline.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def shown(self) -> list[tuple[int, dict[str, Any]]]:
        sec = self.section()
        on = {s for s, b in self.boxes.items() if b.isChecked()}
        return [(i, r) for i, r in enumerate(self.records)
                if r["status"] in on and (sec is None or r["section"] == sec)]

    def render(self) -> None:
        side = self.mode.currentIndex() == 1
        rows = []
        for i, r in self.shown():
            link = f"<a href='jump:{i}'>↗</a>"
            tag = f"<b>{r['status']}</b>"
            sim = (f" ({r['similarity']:.2f})" if r["status"] in ("edited", "moved")
                   and not r["identical"] else "")
            old = escape(r.get("old_text", r["text"] if r["old_start"] is not None else ""))
            new = escape(r["text"]) if r["new_start"] is not None else ""
            bg = _COLORS[r["status"]]
            if side:
                if "old_text" in r:
                    old, new = diff_sides(r, *_MARKS)
                rows.append(f"<tr style='background:{bg}'><td>{tag}{sim} {link}</td>"
                            f"<td>{old}</td><td>{new}</td></tr>")
            elif "old_text" in r:
                rows.append(f"<p style='background:{bg}'>{tag}{sim} {link} "
                            f"{diff_inline(r, *_MARKS)}</p>")
            else:
                rows.append(f"<p style='background:{bg}'>{tag} {link} {new or old}</p>")
        if side:
            html = ("<table width='100%' cellspacing='0' cellpadding='4'><tr><th></th>"
                    f"<th>{self.pair.old.year or 'old'}</th><th>{self.pair.new.year or 'new'}"
                    "</th></tr>" + "".join(rows) + "</table>")
        else:
            html = "".join(rows)
        self.text.setHtml(html or "<p>Nothing to show with these filters.</p>")

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
