"""What the coder does to the text: apply, in-vivo, recode, delete, move boundaries.

Each user action becomes exactly one command (a Batch when it touches several codings), so it is
one transaction and one undo step. Nothing here scrolls the text: after coding, the passage and
its new highlight stay where the reader was looking.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from annotator.domain.model import Code, new_uuid
from annotator.gui.controller import Controller
from annotator.gui.document_session import DocumentSession
from annotator.gui.document_view import DocumentView
from annotator.services.coding_commands import ApplyCode, DeleteCoding, UpdateCoding
from annotator.services.commands import Batch, Command, Outcome

IN_VIVO_ROOT = "In-vivo codes"
MAX_IN_VIVO = 80


def in_vivo_name(text: str) -> str:
    """A code name from selected words: whitespace collapsed, quotes trimmed, length capped."""
    name = " ".join(text.split()).strip(" \"'“”‘’.,;:")
    if len(name) > MAX_IN_VIVO:
        name = name[:MAX_IN_VIVO].rsplit(" ", 1)[0] + "…"
    return name


class CodingOps(QObject):
    message = Signal(str)  # short feedback for the status bar

    def __init__(self, controller: Controller, session: DocumentSession, view: DocumentView,
                 code_by_uuid: Callable[[str], Code | None],
                 children: Callable[[str | None], list[str]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.session = session
        self.view = view
        self._code = code_by_uuid
        self._children = children
        self.active_coding: str | None = None  # last coding clicked in text, margin or list

    # --- applying ---------------------------------------------------------------------------
    def _usable(self, code_uuid: str | None) -> Code | None:
        code = self._code(code_uuid) if code_uuid else None
        if code is None:
            self.message.emit("Choose a code first (click one in the codebook).")
            return None
        if not code.codable:
            self.message.emit(f"“{code.name}” is a grouping code; apply one of its sub-codes.")
            return None
        if code.deprecated:
            self.message.emit(f"“{code.name}” is deprecated and cannot be applied any more.")
            return None
        return code

    def _range(self, start: int | None, end: int | None) -> tuple[int, int] | None:
        if start is None or end is None:
            sel = self.view.selection()
            if sel is None or sel[1] <= sel[0]:
                self.message.emit("Select some text first.")
                return None
            start, end = sel
        return (start, end) if end > start else None

    def apply_code(self, code_uuid: str | None, start: int | None = None,
                   end: int | None = None) -> Outcome | None:
        """Code the selection (or ``[start, end)``) of the open document."""
        doc = self.session.document_id
        if doc is None:
            self.message.emit("Open a document first.")
            return None
        code = self._usable(code_uuid)
        rng = self._range(start, end) if code else None
        if code is None or rng is None:
            return None
        out = self.controller.execute(ApplyCode(doc, rng[0], rng[1], code.uuid))
        if out is not None:
            self.active_coding = out.result.uuid
            self.controller.set_current_code(code.uuid)
            self.message.emit(f"Coded {rng[1] - rng[0]:,} characters as “{code.name}”.")
        return out

    def apply_current(self) -> Outcome | None:
        return self.apply_code(self.controller.current_code)

    def apply_to_paragraph(self, start: int, end: int) -> Outcome | None:
        return self.apply_code(self.controller.current_code, start, end)

    def code_hits(self, hits: list[tuple[int, int]]) -> Outcome | None:
        """Apply the current code to every find hit: one Batch, one undo step."""
        doc = self.session.document_id
        code = self._usable(self.controller.current_code)
        if doc is None or code is None or not hits:
            return None
        cmds: list[Command] = [ApplyCode(doc, s, e, code.uuid) for s, e in hits]
        out = self.controller.execute(Batch(cmds, f"code {len(hits)} hits as '{code.name}'"))
        if out is not None:
            self.message.emit(f"Coded {len(hits):,} hits as “{code.name}” (one undo step).")
        return out

    def in_vivo(self) -> Outcome | None:
        """Create a code named after the selected words and apply it, as one undo step."""
        from annotator.services.codebook_commands import AddCode

        doc = self.session.document_id
        rng = self._range(None, None) if doc is not None else None
        if doc is None or rng is None:
            return None
        name = in_vivo_name(self.session.text[rng[0]:rng[1]])
        if not name:
            self.message.emit("Select some words to name the new code.")
            return None
        cmds: list[Command] = []
        root = self._find_child(None, IN_VIVO_ROOT)
        if root is None:
            root = new_uuid()
            cmds.append(AddCode(IN_VIVO_ROOT, None, uuid=root, codable=False,
                                definition="Codes named after the words of the text."))
        existing = self._find_child(root, name)
        code_uuid = existing or new_uuid()
        if existing is None:
            cmds.append(AddCode(name, root, uuid=code_uuid))
        cmds.append(ApplyCode(doc, rng[0], rng[1], code_uuid))
        out = self.controller.execute(Batch(cmds, f"in-vivo code '{name}'"))
        if out is not None:
            self.controller.set_current_code(code_uuid)
            self.message.emit(f"Created and applied the in-vivo code “{name}”.")
        return out

    def _find_child(self, parent: str | None, name: str) -> str | None:
        key = name.casefold()
        for uuid in self._children(parent):
            code = self._code(uuid)
            if code is not None and code.name.casefold() == key:
                return uuid
        return None

    # --- changing codings -------------------------------------------------------------------
    def recode(self, coding_uuids: list[str], code_uuid: str) -> Outcome | None:
        code = self._usable(code_uuid)
        if code is None or not coding_uuids:
            return None
        cmds: list[Command] = [UpdateCoding(u, code_uuid=code.uuid,
                                            expected_version=self._version(u))
                               for u in coding_uuids]
        cmd = cmds[0] if len(cmds) == 1 else Batch(cmds, f"recode {len(cmds)} codings")
        return self.controller.execute(cmd)

    def delete(self, coding_uuids: list[str]) -> Outcome | None:
        if not coding_uuids:
            self.message.emit("Click a coding (in the text or the list) to delete it.")
            return None
        cmds: list[Command] = [DeleteCoding(u) for u in coding_uuids]
        cmd = cmds[0] if len(cmds) == 1 else Batch(cmds, f"delete {len(cmds)} codings")
        out = self.controller.execute(cmd)
        if out is not None:
            if self.active_coding in coding_uuids:
                self.active_coding = None
            self.message.emit(f"Deleted {len(coding_uuids)} coding(s). Undo with Ctrl+Z.")
        return out

    def delete_active(self) -> Outcome | None:
        return self.delete([self.active_coding] if self.active_coding else [])

    def move_bounds(self, uuid: str, start: int, end: int) -> Outcome | None:
        """A boundary drag or keyboard nudge; repeated nudges merge into one undo step."""
        c = self.session.coding(uuid)
        if c is not None and (c.start, c.end) == (start, end):
            return None
        return self.controller.execute(
            UpdateCoding(uuid, start=start, end=end, expected_version=self._version(uuid)),
            merge_key=f"bounds:{uuid}")

    def update(self, uuid: str, fields: dict, merge_key: str | None = None) -> Outcome | None:
        return self.controller.execute(
            UpdateCoding(uuid, **fields, expected_version=self._version(uuid)),
            merge_key=merge_key)

    def _version(self, uuid: str) -> int | None:
        """The version this window last saw: a concurrent edit by someone else is refused
        (optimistic locking) instead of being overwritten."""
        c = self.session.coding(uuid)
        return c.version if c is not None else None
