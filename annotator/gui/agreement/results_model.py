"""Table model over report rows (codes, levels, the pooled total, documents): statistics as
columns, cells coloured by grade, intervals in the text or the tooltip."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from annotator.gui.agreement import style
from annotator.services.agreement import STAT_SHORT, AgreementReport, StatRow, stat_label
from annotator.services.agreement.tables import fmt_result, fmt_value, units_text

Index = QModelIndex | QPersistentModelIndex


class ReportRowsModel(QAbstractTableModel):
    """``kind="codes"``: code rows (indented), then levels and the pooled total;
    ``kind="documents"``: one row per document."""

    ROW_ROLE = Qt.ItemDataRole.UserRole + 1
    FIXED = 3  # label, units, marked by

    def __init__(self, kind: str = "codes", parent: Any = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.report: AgreementReport | None = None
        self.rows: list[StatRow] = []
        self.stats: list[str] = []
        self.show_ci = True

    def set_report(self, report: AgreementReport | None) -> None:
        self.beginResetModel()
        self.report = report
        if report is None:
            self.rows, self.stats = [], []
        elif self.kind == "documents":
            self.rows, self.stats = list(report.per_document), list(report.statistics)
        else:
            self.rows = [*report.codes, *report.levels, report.overall]
            self.stats = list(report.statistics)
        self.endResetModel()

    # --- shape ------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else self.FIXED + len(self.stats)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or self.report is None:
            return None
        n = len(self.report.coders)
        if role == Qt.ItemDataRole.DisplayRole:
            if section < self.FIXED:
                from annotator.services.agreement.request import UNIT_NOUNS
                return ["Code" if self.kind == "codes" else "Document",
                        UNIT_NOUNS[self.report.unit][1].capitalize(), "Marked by"][section]
            return STAT_SHORT[self.stats[section - self.FIXED]]
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == 2:
                return "Units each coder marked: " + " / ".join(self.report.coders)
            if section >= self.FIXED:
                stat = self.stats[section - self.FIXED]
                return f"{stat_label(stat, n)}\n{self.report.definitions.get(stat, '')}"
        return None

    # --- cells ------------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == self.ROW_ROLE:
            return row
        stat = self.stats[col - self.FIXED] if col >= self.FIXED else None
        res = row.results.get(stat) if stat else None
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                if self.kind == "codes" and row.kind == "code":
                    name = row.label.rsplit("/", 1)[-1]
                    return "    " * row.depth + name + ("  (+ below)" if row.aggregated else "")
                return row.label
            if col == 1:
                return units_text(row)
            if col == 2:
                assert self.report is not None
                return " / ".join(str(row.marked.get(c, "")) for c in self.report.coders)
            return fmt_result(res, self.show_ci)
        if role == Qt.ItemDataRole.BackgroundRole and res is not None and stat is not None:
            color = style.fill(res.value, stat)
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.FontRole and row.kind in ("level", "overall"):
            f = QFont()
            f.setBold(row.kind == "overall")
            f.setItalic(row.kind == "level")
            return f
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 0:
                return row.label
            if res is not None:
                return _tooltip(res)
        if role == Qt.ItemDataRole.ForegroundRole and res is not None and res.value is None:
            return QBrush(style.muted())
        return None

    def row_at(self, r: int) -> StatRow:
        return self.rows[r]


def _tooltip(res: Any) -> str:
    lines = [f"value {fmt_value(res.value)}"]
    if res.ci is not None:
        lines.append(f"95% interval {fmt_value(res.ci[0])} to {fmt_value(res.ci[1])}")
    if res.observed is not None:
        name = "observed disagreement" if res.kind == "disagreement" else "observed agreement"
        lines.append(f"{name} {fmt_value(res.observed)}")
    if res.expected is not None:
        name = "expected disagreement" if res.kind == "disagreement" else "chance agreement"
        lines.append(f"{name} {fmt_value(res.expected)}")
    lines.append(f"{res.n_units:,} ratings/units")
    if res.note:
        lines.append(res.note)
    return "\n".join(lines)
