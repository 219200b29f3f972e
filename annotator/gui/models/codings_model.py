"""The codings of the open document as a table: code, coder, excerpt, section.

Rows are coding ids; the cells are computed lazily (and cached) from the coding, the document text
and the outline, so a document with thousands of codings opens without building strings for rows
nobody looks at. Updates arrive as a dict of changed codings and become precise row signals.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QPersistentModelIndex,
                            QSortFilterProxyModel, Qt)

from annotator.domain.model import Code, Coding, Segment
from annotator.gui.models.code_display import swatch

AnyIndex = QModelIndex | QPersistentModelIndex
Role = Qt.ItemDataRole
CODING_ROLE = Role.UserRole + 11


class Sections:
    """Finds the innermost outline section containing a position."""

    def __init__(self, outline: list[Segment]) -> None:
        self.segments = list(outline)
        self._segs = sorted(outline, key=lambda s: (s.start, s.level))
        self._starts = [s.start for s in self._segs]

    def at(self, pos: int) -> Segment | None:
        i = bisect.bisect_right(self._starts, pos) - 1
        while i >= 0:
            s = self._segs[i]
            if s.start <= pos < s.end:
                return s
            i -= 1
        return None

    def label(self, pos: int) -> str:
        s = self.at(pos)
        if s is None:
            return ""
        return f"{s.path} {s.title}".strip() if s.path and s.path != s.title else s.title


class CodingsModel(QAbstractTableModel):
    COL_CODE, COL_CODER, COL_TEXT, COL_SECTION = range(4)
    HEADERS = ("Code", "Coder", "Excerpt", "Section")

    def __init__(self, code_of: Callable[[int], Code | None], coder_name: Callable[[int], str],
                 parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._code_of = code_of
        self._coder_name = coder_name
        self._ids: list[int] = []
        self._codings: dict[int, Coding] = {}
        self._row: dict[int, int] = {}
        self._text = ""
        self._sections = Sections([])
        self._cache: dict[tuple[int, int], str] = {}
        self._sort_column = self.COL_SECTION
        self._descending = False

    # --- content ----------------------------------------------------------------------------
    def set_document(self, text: str, codings: list[Coding], outline: list[Segment]) -> None:
        self.beginResetModel()
        self._text = text
        self._sections = Sections(outline)
        self._codings = {c.id: c for c in codings}
        self._ids = [c.id for c in sorted(codings, key=self._key, reverse=self._descending)]
        self._reindex()
        self._cache.clear()
        self.endResetModel()

    def clear(self) -> None:
        self.set_document("", [], [])

    def apply(self, updated: dict[int, Coding | None]) -> None:
        """Insert, update or remove the given codings (``None`` = deleted)."""
        if len(updated) > 64:  # a batch: one reset is cheaper than many row signals
            merged = dict(self._codings)
            for cid, coding in updated.items():
                if coding is None:
                    merged.pop(cid, None)
                else:
                    merged[cid] = coding
            self.set_document(self._text, list(merged.values()), self._sections.segments)
            return
        for cid, coding in updated.items():
            row = self._row.get(cid)
            if coding is None:
                if row is not None:
                    self.beginRemoveRows(QModelIndex(), row, row)
                    del self._ids[row]
                    self._codings.pop(cid, None)
                    self._reindex(row)
                    self.endRemoveRows()
            elif row is None:
                row = self._insert_row(coding)
                self.beginInsertRows(QModelIndex(), row, row)
                self._ids.insert(row, cid)
                self._codings[cid] = coding
                self._reindex(row)
                self.endInsertRows()
            else:
                self._codings[cid] = coding
                self._drop_cache(cid)
                self.dataChanged.emit(self.index(row, 0), self.index(row, 3))
            self._drop_cache(cid)

    def refresh_codes(self) -> None:
        """Codes were renamed or recoloured: repaint the code column."""
        self._cache = {k: v for k, v in self._cache.items() if k[1] != self.COL_CODE}
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, 0))

    def refresh_coders(self) -> None:
        if self._ids:
            self.dataChanged.emit(self.index(0, 1), self.index(len(self._ids) - 1, 1))

    def coding(self, row: int) -> Coding | None:
        return self._codings.get(self._ids[row]) if 0 <= row < len(self._ids) else None

    def coding_by_uuid(self, uuid: str) -> Coding | None:
        for c in self._codings.values():
            if c.uuid == uuid:
                return c
        return None

    def row_of(self, coding_id: int) -> int:
        return self._row.get(coding_id, -1)

    def codings(self) -> list[Coding]:
        return [self._codings[i] for i in self._ids]

    def filter_text(self, row: int) -> str:
        c = self.coding(row)
        if c is None:
            return ""
        key = (c.id, -1)
        s = self._cache.get(key)
        if s is None:
            code = self._code_of(c.code_id)
            s = " ".join((code.name if code else "", self._coder_name(c.coder_id),
                          self._text[c.start:c.end], c.memo)).casefold()
            self._cache[key] = s
        return s

    # --- Qt ---------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Role.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Role.DisplayRole:
            return self.HEADERS[section] if 0 <= section < 4 else None
        return None

    def data(self, index: AnyIndex, role: int = Role.DisplayRole) -> object:
        c = self.coding(index.row()) if index.isValid() else None
        if c is None:
            return None
        col = index.column()
        if role == Role.DisplayRole:
            return self._display(c, col)
        if role == CODING_ROLE:
            return c
        if role == Role.DecorationRole and col == self.COL_CODE:
            code = self._code_of(c.code_id)
            return swatch(code.color) if code else None
        if role == Role.ToolTipRole:
            excerpt = self._text[c.start:c.end]
            excerpt = excerpt if len(excerpt) < 600 else excerpt[:600] + "…"
            memo = f"\n\nMemo: {c.memo}" if c.memo else ""
            return f"{excerpt}{memo}"
        return None

    def _display(self, c: Coding, col: int) -> str:
        key = (c.id, col)
        s = self._cache.get(key)
        if s is None:
            if col == self.COL_CODE:
                code = self._code_of(c.code_id)
                s = (code.name if code else "?") + (" ✎" if c.memo else "")
            elif col == self.COL_CODER:
                s = self._coder_name(c.coder_id)
            elif col == self.COL_TEXT:
                s = " ".join(self._text[c.start:min(c.end, c.start + 160)].split())
            else:
                s = self._sections.label(c.start)
            self._cache[key] = s
        return s

    # --- sorting (done here in Python in one pass; a proxy would call data() n log n times) --
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column = column if 0 <= column < 4 else self.COL_SECTION
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit()
        before = list(self._ids)
        persistent = self.persistentIndexList()
        self._ids.sort(key=lambda i: self._key(self._codings[i]), reverse=self._descending)
        self._reindex()
        self.changePersistentIndexList(
            persistent, [self.index(self._row[before[p.row()]], p.column())
                         if 0 <= p.row() < len(before) else QModelIndex() for p in persistent])
        self.layoutChanged.emit()

    def _key(self, c: Coding) -> tuple:  # type: ignore[type-arg]
        if self._sort_column == self.COL_CODE:
            code = self._code_of(c.code_id)
            return (code.name.casefold() if code else "", c.start, c.end, c.id)
        if self._sort_column == self.COL_CODER:
            return (self._coder_name(c.coder_id).casefold(), c.start, c.end, c.id)
        return (c.start, c.end, c.id)

    # --- internals --------------------------------------------------------------------------
    def _insert_row(self, coding: Coding) -> int:
        """Where ``coding`` goes in the current order (binary search, O(log n) keys)."""
        key = self._key(coding)
        lo, hi = 0, len(self._ids)
        while lo < hi:
            mid = (lo + hi) // 2
            other = self._key(self._codings[self._ids[mid]])
            if (other < key) != self._descending or other == key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def _reindex(self, start: int = 0) -> None:
        if start == 0:
            self._row = {}
        for r in range(start, len(self._ids)):
            self._row[self._ids[r]] = r

    def _drop_cache(self, cid: int) -> None:
        for col in (-1, 0, 1, 2, 3):
            self._cache.pop((cid, col), None)


class CodingsFilter(QSortFilterProxyModel):
    """Filter by typed text and by the coders that are visible; sorting is the source's."""

    def __init__(self, source: CodingsModel, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.setSourceModel(source)
        self._needle = ""
        self._hidden: set[int] = set()

    @property
    def source(self) -> CodingsModel:
        src = self.sourceModel()
        assert isinstance(src, CodingsModel)
        return src

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_needle", " ".join(text.split()).casefold()))

    def set_hidden_coders(self, hidden: set[int]) -> None:
        if hidden != self._hidden:
            self._refilter(lambda: setattr(self, "_hidden", set(hidden)))

    def _refilter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            change()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, row: int, parent: AnyIndex) -> bool:  # noqa: N802
        c = self.source.coding(row)
        if c is None or c.coder_id in self._hidden:
            return False
        return not self._needle or self._needle in self.source.filter_text(row)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.source.sort(column, order)  # the proxy itself stays unsorted (source order)

    def coding(self, index: AnyIndex) -> Coding | None:
        src = self.mapToSource(index)
        return self.source.coding(src.row()) if src.isValid() else None
