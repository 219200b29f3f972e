"""The codings of the open document as a table: code, coder, excerpt, section.

Rows are coding ids; the cells are computed lazily (and cached) from the coding, the document text
and the outline, so a document with thousands of codings opens without building strings for rows
nobody looks at. Updates arrive as a dict of changed codings and become precise row signals.

Sorting and filtering (typed text, hidden coders) happen here in Python, in one pass over the
codings: a QSortFilterProxyModel would call back into Python once per row on every change, which
for 20,000 codings costs more than the rest of opening the list.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (QAbstractTableModel, QIdentityProxyModel, QModelIndex,
                            QPersistentModelIndex, Qt)

from annotator.domain.model import Code, Coding, Segment
from annotator.domain.section_index import SectionIndex
from annotator.gui.models.code_display import swatch

AnyIndex = QModelIndex | QPersistentModelIndex
Role = Qt.ItemDataRole
CODING_ROLE = Role.UserRole + 11
_DISPLAY, _DECORATION, _TOOLTIP = (Role.DisplayRole.value, Role.DecorationRole.value,
                                   Role.ToolTipRole.value)
_CODING = int(CODING_ROLE.value if hasattr(CODING_ROLE, "value") else CODING_ROLE)
#: the roles this model answers; a view asks for about eight per cell on every repaint
_ROLES = frozenset({_DISPLAY, _DECORATION, _TOOLTIP, _CODING})


class Sections(SectionIndex):
    """The innermost outline entry (of any kind) containing a position."""

    def __init__(self, outline: list[Segment]) -> None:
        super().__init__(outline, kinds=None)


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
        self._row: dict[int, int] = {}  # id -> row (rows from _valid on may be stale)
        self._valid = 0
        self._text = ""
        self._sections = Sections([])
        self._cache: dict[tuple[int, int], str] = {}
        self._icons: dict[str, object] = {}  # colour -> swatch (drawn once, not per paint)
        self._sort_column = self.COL_SECTION
        self._descending = False
        self._needle = ""  # typed filter (folded), and coders whose codings are not listed
        self._hidden: set[int] = set()
        self._order: list[int] | None = None  # all ids in order (None: sort again when needed)

    # --- content ----------------------------------------------------------------------------
    def set_document(self, text: str, codings: list[Coding], outline: list[Segment]) -> None:
        self.beginResetModel()
        self._text = text
        self._sections = Sections(outline)
        self._codings = {c.id: c for c in codings}
        self._cache.clear()
        self._order = None
        self._ids = self._listed()
        self._reindex()
        self.endResetModel()

    def _listed(self) -> list[int]:
        """Ids of the codings that pass the filters, in the current order."""
        if self._order is None:  # every coding in order, kept for the next filter change
            self._order = [c.id for c in sorted(self._codings.values(), key=self._key,
                                                reverse=self._descending)]
        if not self._needle and not self._hidden:
            return list(self._order)
        codings, passes = self._codings, self._passes
        return [i for i in self._order if passes(codings[i])]

    def _passes(self, c: Coding) -> bool:
        if c.coder_id in self._hidden:
            return False
        return not self._needle or self._needle in self._filter_key(c)

    def set_filter(self, *, text: str | None = None, hidden: set[int] | None = None) -> None:
        """List only codings whose text (code, coder, excerpt, memo) holds ``text`` and whose
        coder is not ``hidden``; None keeps that part of the filter."""
        needle = self._needle if text is None else " ".join(text.split()).casefold()
        hidden = self._hidden if hidden is None else set(hidden)
        if (needle, hidden) == (self._needle, self._hidden):
            return
        self.beginResetModel()
        self._needle, self._hidden = needle, hidden
        self._ids = self._listed()
        self._reindex()
        self.endResetModel()

    def total(self) -> int:
        """Codings of the document, listed or not."""
        return len(self._codings)

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
        self._order = None
        for cid, coding in updated.items():
            row = self._row_of(cid)
            self._drop_cache(cid)
            if coding is None:
                self._codings.pop(cid, None)
            else:
                self._codings[cid] = coding
            listed = coding is not None and self._passes(coding)
            if row is not None and not listed:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._ids[row]
                del self._row[cid]  # (an id can come back: SQLite reuses the last rowid)
                self._valid = min(self._valid, row)  # rows below moved up: renumber lazily
                self.endRemoveRows()
            elif row is None and listed:
                assert coding is not None
                row = self._insert_row(coding)
                self.beginInsertRows(QModelIndex(), row, row)
                self._ids.insert(row, cid)
                self._row[cid] = row
                self._valid = min(self._valid, row)  # rows below moved: renumber lazily
                self.endInsertRows()
            elif row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, 3))

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
        row = self._row_of(coding_id)
        return -1 if row is None else row

    def _row_of(self, coding_id: int) -> int | None:
        """The listed row of a coding (None when not listed). Rows are renumbered only when
        asked for, so a coding added near the top of 20,000 costs no renumbering."""
        row = self._row.get(coding_id)  # every listed coding has an entry (maybe stale)
        if row is None:
            return None
        ids = self._ids
        if row < len(ids) and ids[row] == coding_id:
            return row
        self._reindex(self._valid)
        return self._row.get(coding_id)

    def codings(self) -> list[Coding]:
        return [self._codings[i] for i in self._ids]

    def filter_text(self, row: int) -> str:
        c = self.coding(row)
        return "" if c is None else self._filter_key(c)

    def _filter_key(self, c: Coding) -> str:
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
        if role not in _ROLES:  # (checked first: this runs for every cell and role painted)
            return None
        row = index.row()
        c = self._codings.get(self._ids[row]) if 0 <= row < len(self._ids) else None
        if c is None:
            return None
        col = index.column()
        if role == _DISPLAY:
            return self._display(c, col)
        if role == _CODING:
            return c
        if role == _DECORATION:
            if col != self.COL_CODE:
                return None
            code = self._code_of(c.code_id)
            if code is None:
                return None
            icon = self._icons.get(code.color)
            if icon is None:
                icon = self._icons[code.color] = swatch(code.color)
            return icon
        if role == _TOOLTIP:
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
        self._order = None
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
        ids = self._ids
        self._row.update(zip(ids[start:], range(start, len(ids))))  # (no Python loop per row)
        self._valid = len(ids)

    def _drop_cache(self, cid: int) -> None:
        for col in (-1, 0, 1, 2, 3):
            self._cache.pop((cid, col), None)


class CodingsFilter(QIdentityProxyModel):
    """What the table shows: the model's rows as they are (the model sorts and filters itself);
    kept as the table's model so the panel's API stays the same."""

    def __init__(self, source: CodingsModel, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.setSourceModel(source)

    @property
    def source(self) -> CodingsModel:
        src = self.sourceModel()
        assert isinstance(src, CodingsModel)
        return src

    def set_text(self, text: str) -> None:
        self.source.set_filter(text=text)

    def set_hidden_coders(self, hidden: set[int]) -> None:
        self.source.set_filter(hidden=set(hidden))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.source.sort(column, order)

    def coding(self, index: AnyIndex) -> Coding | None:
        src = self.mapToSource(index)
        return self.source.coding(src.row()) if src.isValid() else None
