"""The preview tables of the merge dialog: codings per coder, codebook changes (with accept
checkboxes), conflicts and documents, filled from a :class:`MergeReport`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from annotator.services.team import MergeReport
from annotator.services.team.report import KIND_LABELS

CHANGE_ROLE = Qt.ItemDataRole.UserRole
CODING_COLUMNS = ["Package", "Coder", "New", "Changed", "Deleted", "Put back", "Merged before",
                  "Kept (conflict)", "Waiting"]
CODEBOOK_COLUMNS = ["Accept", "Change", "Code", "Before → after", "From", "Codings waiting",
                    "Status"]
CONFLICT_COLUMNS = ["Kind", "Item", "What happened", "From"]
PREVIEW_STATUS = {"applied": "will be applied", "pending": "not accepted",
                  "unchanged": "already in the project"}
DOCUMENT_COLUMNS = ["Package", "Matched by text", "New documents", "Text differs (not merged)"]


def make_table(columns: list[str], stretch: int | None = None) -> QTableWidget:
    """A read-only table; ``stretch`` is the column that takes the spare width."""
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def _item(value: object, *, number: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem("" if value is None else str(value))
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    item.setToolTip(item.text())
    return item


def _fill(table: QTableWidget, rows: list[list[QTableWidgetItem]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, item in enumerate(row):
            table.setItem(r, c, item)


def fill_codings(table: QTableWidget, report: MergeReport) -> None:
    rows = []
    for p in report.packages:
        waiting = sum(1 for x in p.pending if x.kind == "coding")
        coders = sorted(p.codings_by_coder) or [p.coder]
        for i, coder in enumerate(coders):
            n = p.codings_by_coder.get(coder, {})
            rows.append([_item(p.path if i == 0 else ""), _item(coder)] + [
                _item(n.get(k, 0), number=True)
                for k in ("added", "updated", "deleted", "restored", "already", "kept")]
                + [_item(waiting if i == 0 else "", number=True)])
    _fill(table, rows)


def fill_codebook(table: QTableWidget, report: MergeReport, accepted: set[str]) -> None:
    rows = []
    for ch in report.codebook_changes:
        box = QTableWidgetItem()
        box.setData(CHANGE_ROLE, ch.change_id)
        if ch.kind == "removed":
            box.setFlags(Qt.ItemFlag.ItemIsEnabled)
            box.setToolTip("A merge never deletes codes; delete it yourself if you agree.")
        else:
            box.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            box.setCheckState(Qt.CheckState.Checked if ch.change_id in accepted
                              else Qt.CheckState.Unchecked)
        change = f"{ch.old} → {ch.new}" if ch.old or ch.new else ""
        status = PREVIEW_STATUS.get(ch.status, ch.status) if report.dry_run else ch.status
        status += f": {ch.note}" if ch.note else ""
        rows.append([box, _item(KIND_LABELS.get(ch.kind, ch.kind)), _item(ch.path),
                     _item(change), _item(ch.coder), _item(ch.codings or "", number=True),
                     _item(status)])
    _fill(table, rows)


def fill_conflicts(table: QTableWidget, report: MergeReport) -> None:
    _fill(table, [[_item(c.kind), _item(c.label or c.uuid[:8]), _item(c.reason),
                   _item(c.coder or c.package)] for c in report.conflicts])


def fill_documents(table: QTableWidget, report: MergeReport) -> None:
    _fill(table, [[_item(p.path), _item(p.documents_matched, number=True),
                   _item(", ".join(p.documents_imported)),
                   _item(", ".join(d["title"] for d in p.documents_changed))]
                  for p in report.packages])


def checked_changes(table: QTableWidget) -> set[str]:
    out = set()
    for r in range(table.rowCount()):
        item = table.item(r, 0)
        if item is not None and item.checkState() == Qt.CheckState.Checked:
            out.add(str(item.data(CHANGE_ROLE)))
    return out
