"""The open document: loads it into the view and the side panels, and keeps them in step with
the store after every command (only the codings that changed are touched)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from annotator.domain.changes import Changes
from annotator.domain.codebook_colors import MISSING_CODE_COLOR
from annotator.domain.model import Code, Coding, DocumentInfo, Segment
from annotator.domain.spans import SpanInfo
from annotator.gui.controller import Controller
from annotator.gui.document_view import DocumentView
from annotator.gui.gc_pause import gc_paused
from annotator.gui.models.codings_model import CodingsModel, Sections
from annotator.services import workbench

MISSING_COLOR = MISSING_CODE_COLOR

#: (code id, coder id, +1 or -1) per coding added to or removed from a code
CountDelta = tuple[int, int, int]


def is_local(changes: Changes, document_id: int | None) -> bool:
    """Did ``changes`` touch codings of the open document only (and nothing else)? Then the
    session knows every coding before and after, and counts can follow by difference."""
    return (document_id is not None and bool(changes.codings) and not changes.codebook
            and not changes.coders and changes.coded_documents == {document_id})


class DocumentSession(QObject):
    opened = Signal(int)
    closed = Signal()
    codings_changed = Signal()  # the open document's codings changed (counts, lists)
    #: after a local change (see :func:`is_local`): list of CountDelta, before codings_changed
    counts_delta = Signal(object)

    def __init__(self, controller: Controller, view: DocumentView, codings: CodingsModel,
                 code_of: Callable[[int], Code | None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.view = view
        self.codings_model = codings
        self._code_of = code_of
        self.info: DocumentInfo | None = None
        self.text = ""
        self.outline: list[Segment] = []
        self.paragraphs: list[Segment] = []
        self.sections = Sections([])
        self._codings: dict[int, Coding] = {}
        self._by_uuid: dict[str, int] = {}
        controller.changed.connect(self.on_changes)

    # --- lookups ----------------------------------------------------------------------------
    @property
    def document_id(self) -> int | None:
        return None if self.info is None else self.info.id

    def coding(self, uuid: str) -> Coding | None:
        cid = self._by_uuid.get(uuid)
        return None if cid is None else self._codings.get(cid)

    def codings(self) -> list[Coding]:
        return list(self._codings.values())

    def count(self, hidden: set[int] | None = None) -> int:
        if not hidden:
            return len(self._codings)
        return sum(1 for c in self._codings.values() if c.coder_id not in hidden)

    def span(self, c: Coding) -> SpanInfo:
        code = self._code_of(c.code_id)
        return SpanInfo(c.uuid, c.start, c.end, code.uuid if code else "",
                        c.coder_id, code.color if code else MISSING_COLOR)

    def _spans(self, codings: list[Coding]) -> list[SpanInfo]:
        """:meth:`span` for many codings (each code looked up once)."""
        looks: dict[int, tuple[str, str]] = {}
        out = []
        for c in codings:
            look = looks.get(c.code_id)
            if look is None:
                code = self._code_of(c.code_id)
                look = looks[c.code_id] = ((code.uuid, code.color) if code else
                                           ("", MISSING_COLOR))
            out.append(SpanInfo(c.uuid, c.start, c.end, look[0], c.coder_id, look[1]))
        return out

    def section_label(self, pos: int) -> str:
        return self.sections.label(pos)

    # --- open/close -------------------------------------------------------------------------
    def open(self, document_id: int) -> None:
        with gc_paused():  # tens of thousands of small objects at once
            self._open(document_id)

    def _open(self, document_id: int) -> None:
        doc = workbench.open_document(self.controller.project, document_id)
        self.info = doc.info
        self.text = doc.text
        self.outline = doc.outline
        self.paragraphs = doc.paragraphs
        self.sections = Sections(doc.outline)
        self._codings = {c.id: c for c in doc.codings}
        self._by_uuid = {c.uuid: c.id for c in doc.codings}
        self.view.set_hidden_coders(self.controller.hidden_coders(), restyle=False)
        self.view.set_document(doc.text, self._spans(doc.codings),
                               [(p.start, p.end) for p in doc.paragraphs])
        self.codings_model.set_document(doc.text, doc.codings, doc.outline)
        self.opened.emit(document_id)
        self.codings_changed.emit()

    def close(self) -> None:
        self.info = None
        self.text = ""
        self._codings = {}
        self._by_uuid = {}
        self.view.clear()
        self.codings_model.clear()
        self.closed.emit()

    # --- keeping in step --------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        doc = self.document_id
        if doc is None:
            return
        if changes.codebook:  # (``codes`` alone only names codes whose counts changed)
            self.recolour()
        if doc in changes.documents:
            self.outline = self.controller.project.outline(doc)
            self.sections = Sections(self.outline)
        if doc in changes.coded_documents:
            if changes.codings:
                self._apply_updates(self._states(changes), local=is_local(changes, doc))
            else:
                self.reload_codings()
        elif changes.codings and changes.codebook:
            # a codebook command may have touched codings without naming their document
            self._apply_updates(workbench.codings_by_id(
                self.controller.project, changes.codings & set(self._codings)))
        if changes.coders:
            self.codings_model.refresh_coders()

    def _states(self, changes: Changes) -> dict[int, Coding | None]:
        """The changed codings as they are now: as the command left them when it said so,
        else read back."""
        got = changes.records
        if changes.codings <= got.keys():
            return {i: got[i] for i in changes.codings}
        return workbench.codings_by_id(self.controller.project, changes.codings)

    def reload_codings(self) -> None:
        """Re-read every coding of the document and apply the difference."""
        if self.document_id is None:
            return
        fresh = {c.id: c for c in workbench.document_codings(self.controller.project,
                                                             self.document_id)}
        updated: dict[int, Coding | None] = {i: None for i in self._codings if i not in fresh}
        updated.update({i: c for i, c in fresh.items() if self._codings.get(i) != c})
        self._apply_updates(updated)

    def recolour(self) -> None:
        colors = {}
        for c in self._codings.values():
            code = self._code_of(c.code_id)
            if code is not None:
                colors[code.uuid] = code.color
        self.view.set_code_colors(colors)
        self.codings_model.refresh_codes()

    def _apply_updates(self, updated: dict[int, Coding | None], *, local: bool = False) -> None:
        """Bring the view and the list in step; ``local`` (see :func:`is_local`) also announces
        the count differences, so nobody needs to count again."""
        doc = self.document_id
        deltas: list[CountDelta] = []
        removed: list[str] = []
        added: list[SpanInfo] = []
        changed: list[SpanInfo] = []
        model_updates: dict[int, Coding | None] = {}
        for cid, c in updated.items():
            old = self._codings.get(cid)
            if c is None or c.document_id != doc:
                if old is not None:
                    deltas.append((old.code_id, old.coder_id, -1))
                    removed.append(old.uuid)
                    del self._codings[cid]
                    self._by_uuid.pop(old.uuid, None)
                    model_updates[cid] = None
                continue
            if old == c:
                continue
            if old is None or (old.code_id, old.coder_id) != (c.code_id, c.coder_id):
                if old is not None:
                    deltas.append((old.code_id, old.coder_id, -1))
                deltas.append((c.code_id, c.coder_id, +1))
            self._codings[cid] = c
            self._by_uuid[c.uuid] = cid
            model_updates[cid] = c
            if old is None:
                added.append(self.span(c))
            elif old.uuid != c.uuid:
                removed.append(old.uuid)
                added.append(self.span(c))
            elif (old.start, old.end, old.code_id, old.coder_id) != \
                    (c.start, c.end, c.code_id, c.coder_id):
                changed.append(self.span(c))
        if removed:
            self.view.remove_spans(removed)
        if added:
            self.view.add_spans(added)
        if changed:
            self.view.update_spans(changed)
        if model_updates:
            self.codings_model.apply(model_updates)
            if local and deltas:
                self.counts_delta.emit(deltas)
            self.codings_changed.emit()
