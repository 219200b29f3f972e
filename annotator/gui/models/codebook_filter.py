"""Filter-as-you-type over the codebook, as a flattened tree.

While a filter is typed, the panel shows this model instead of the tree: the matching codes and
their ancestors, in tree order, indented by depth (a delegate draws the indent). Being flat, it
needs no expanding and no proxy bookkeeping, so a keystroke costs one pass over the names plus
painting the rows on screen — with 2,000 codes well under a frame. The tree view keeps its own
expansion and selection untouched underneath.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import (QAbstractTableModel, QMimeData, QModelIndex, QPersistentModelIndex,
                            Qt)
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from annotator.domain.model import Code
from annotator.gui.models.codebook_model import (CODE_ROLE, ITEM_FLAGS, NAME_FLAGS, UUID_ROLE,
                                                 CodebookModel)

AnyIndex = QModelIndex | QPersistentModelIndex
DEPTH_ROLE = Qt.ItemDataRole.UserRole + 20
INDENT = 16


def fold(text: str) -> str:
    """Case- and accent-blind form used for matching."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class CodebookMatches(QAbstractTableModel):
    """Rows: (code, depth, matched) for every match and each of its ancestors, in tree order."""

    def __init__(self, source: CodebookModel, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.source = source
        self._rows: list[tuple[Code, int, bool]] = []
        self._row_of: dict[str, int] = {}
        self._needle = ""
        self._folded: dict[str, tuple[Code, str]] = {}
        self.match_count = 0
        # the tree flattened once per codebook change: (code, depth, ancestors, folded name)
        self._index: list[tuple[Code, int, list[Code], str]] | None = None
        self._hits: list[int] = []  # positions in _index that matched the current needle
        # painted cells survive keystrokes (most visible rows stay the same while typing)
        self._cells: dict[tuple[str, int, int, bool], object] = {}
        for sig in (source.modelReset, source.rowsInserted, source.rowsRemoved,
                    source.rowsMoved, source.dataChanged):
            sig.connect(self._invalidate)

    def _invalidate(self, *_args: object) -> None:
        self._index = None
        self._cells.clear()

    @property
    def text(self) -> str:
        return self._needle

    def set_text(self, text: str) -> None:
        needle = fold(" ".join(text.split()))
        if needle == self._needle:
            return
        # typing on narrows the previous matches; anything else searches everything
        narrowing = bool(self._needle) and needle.startswith(self._needle) and \
            self._index is not None
        self._needle = needle
        self.refresh(narrowing)

    def refresh(self, narrowing: bool = False) -> None:
        """Recompute the rows (after a keystroke or a codebook change)."""
        self.beginResetModel()
        self._rows, self.match_count = self._compute(narrowing) if self._needle else ([], 0)
        self._row_of = {code.uuid: i for i, (code, _d, _m) in enumerate(self._rows)}
        self.endResetModel()

    def prepare(self) -> None:
        """Flatten the tree and fold the names now (idle time), not on the first keystroke."""
        if self._index is None:
            self._index = [(code, depth, chain, self._key(code))
                           for code, depth, chain in self.source.walk_with_ancestors()]

    def _compute(self, narrowing: bool) -> tuple[list[tuple[Code, int, bool]], int]:
        if self._index is None:
            self.prepare()
            narrowing = False
        assert self._index is not None
        words = self._needle.split()
        index = self._index
        candidates = self._hits if narrowing else range(len(index))
        self._hits = [i for i in candidates if all(w in index[i][3] for w in words)]
        rows: list[tuple[Code, int, bool]] = []
        shown: set[str] = set()
        for i in self._hits:
            code, depth, chain, _key = index[i]
            for d, anc in enumerate(chain):
                if anc.uuid not in shown:
                    shown.add(anc.uuid)
                    rows.append((anc, d, False))
            shown.add(code.uuid)
            rows.append((code, depth, True))
        return rows, len(self._hits)

    def _key(self, code: Code) -> str:
        hit = self._folded.get(code.uuid)
        if hit is None or hit[0] is not code:
            hit = self._folded[code.uuid] = (code, fold(f"{code.name} {code.label}"))
        return hit[1]

    # --- lookups ----------------------------------------------------------------------------
    def code(self, index: AnyIndex) -> Code | None:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self.source.code_by_uuid(self._rows[index.row()][0].uuid)

    def index_for_uuid(self, uuid: str, column: int = 0) -> QModelIndex:
        row = self._row_of.get(uuid)
        return QModelIndex() if row is None else self.index(row, column)

    def source_index(self, index: AnyIndex) -> QModelIndex:
        code = self.code(index)
        return QModelIndex() if code is None else self.source.index_for_uuid(code.uuid)

    def uuids(self) -> list[str]:
        return [c.uuid for c, _d, _m in self._rows]

    # --- Qt ---------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return self.source.headerData(section, orientation, role)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = index.row()
        if not 0 <= row < len(self._rows) or not index.isValid():
            return None
        stale, depth, matched = self._rows[row]
        if role == DEPTH_ROLE:
            return depth
        key = (stale.uuid, index.column(), role, matched)
        try:
            return self._cells[key]
        except KeyError:
            pass
        code = self.source.code_by_uuid(stale.uuid) or stale
        if role == UUID_ROLE:
            value: object = code.uuid
        elif role == CODE_ROLE:
            value = code
        elif role == Qt.ItemDataRole.ForegroundRole and not matched:
            value = self.source.display.muted()
        else:
            value = self.source.display.data(code, index.column(), role,
                                             self.source.has_children(code.uuid))
        self._cells[key] = value
        return value

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return NAME_FLAGS if index.column() == 0 else ITEM_FLAGS

    def setData(self, index: AnyIndex, value: object,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        return self.source.setData(self.source_index(index), value, role)

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return self.source.supportedDropActions()

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return self.source.mimeTypes()

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802
        return self.source.mimeData([self.source_index(i) for i in indexes])

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,  # noqa: N802
                        column: int, parent: AnyIndex) -> bool:
        # Only drops *onto* a listed code make sense in a filtered list.
        target = self.source_index(parent) if row < 0 else QModelIndex()
        return target.isValid() and self.source.canDropMimeData(data, action, -1, -1, target)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,  # noqa: N802
                     column: int, parent: AnyIndex) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        return self.source.dropMimeData(data, action, -1, -1, self.source_index(parent))


class IndentDelegate(QStyledItemDelegate):
    """Indents the first column by the row's depth, so the flat list reads like the tree."""

    def initStyleOption(self, option: QStyleOptionViewItem,  # noqa: N802
                        index: AnyIndex) -> None:
        super().initStyleOption(option, index)
        if index.column() == 0:
            depth = index.data(DEPTH_ROLE) or 0
            option.rect.adjust(6 + INDENT * int(depth), 0, 0, 0)  # type: ignore[attr-defined]
