"""Filter-as-you-type over the codebook: a code stays visible when it or a sub-code matches."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from annotator.gui.models.codebook_model import FILTER_ROLE, CodebookModel

AnyIndex = QModelIndex | QPersistentModelIndex


class CodebookFilter(QSortFilterProxyModel):
    """Case- and accent-blind substring filter on name and label; ancestors of hits stay."""

    def __init__(self, source: CodebookModel, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.setSourceModel(source)
        self.setRecursiveFilteringEnabled(True)
        self.setFilterRole(FILTER_ROLE)
        self.setFilterKeyColumn(0)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setDynamicSortFilter(True)
        self._needle = ""

    @property
    def source(self) -> CodebookModel:
        src = self.sourceModel()
        assert isinstance(src, CodebookModel)
        return src

    @property
    def text(self) -> str:
        return self._needle

    def set_text(self, text: str) -> None:
        needle = " ".join(text.split()).casefold()
        if needle != self._needle:
            self._needle = needle
            self.setFilterFixedString(needle)

    def code(self, index: AnyIndex):  # type: ignore[no-untyped-def]
        return self.source.code(self.mapToSource(index))

    def index_for_uuid(self, uuid: str, column: int = 0) -> QModelIndex:
        return self.mapFromSource(self.source.index_for_uuid(uuid, column))
