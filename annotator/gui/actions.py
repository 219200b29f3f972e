"""Every QAction of the window in one registry, with the shortcuts from the UX notes.

Menus, the toolbar and context menus all use these objects, so a shortcut is shown wherever its
action appears. Code shortcuts (1–9 or a key set in the codebook) are rebuilt from the codebook by
:class:`CodeShortcuts`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QWidget

from annotator.domain.model import Code

Key = QKeySequence.StandardKey


class Actions(QObject):
    """The window's actions. Widgets connect to ``triggered``; nothing here holds logic."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._owner = parent
        # File
        self.new_project = self._make("&New Project…", Key.New)
        self.open_project = self._make("&Open Project…", Key.Open)
        self.open_sample = self._make("Open &Sample Project")
        self.import_documents = self._make("&Import Documents…", "Ctrl+Shift+I",
                                           tip="Add reports (txt, html, docx, pdf, md)")
        self.open_team_project = self._make(
            "Open &Team Project…", tip="Open a project on a PostgreSQL team server (URL)")
        self.export = self._make("&Export…", "Ctrl+E",
                                 tip="Codings tables, matrices, REFI-QDA, coded documents, report")
        self.create_package = self._make("Create Coding &Package…",
                                         tip="A project file for one coder to code offline")
        self.merge_packages = self._make("&Merge Coding Packages…",
                                         tip="Bring coders' packages back, with a preview")
        self.restore_backup = self._make("Restore from &Backup…",
                                         tip="Restore a damaged project from one of its backups")
        self.quit = self._make("&Quit", Key.Quit)
        # Edit
        self.find = self._make("&Find in Document…", Key.Find)
        self.find_next = self._make("Find &Next", Key.FindNext)
        self.find_previous = self._make("Find Pre&vious", Key.FindPrevious)
        self.find_project = self._make("Find in &Project…", "Ctrl+Shift+F")
        # Coding
        self.quick_code = self._make("&Quick Code…", ["Ctrl+K", "Ctrl+Space"],
                                     tip="Type to filter codes, Enter applies to the selection")
        self.code_selection = self._make("&Apply Current Code", "Ctrl+Return",
                                         tip="Code the selection with the current code")
        self.in_vivo = self._make("In-&Vivo Code", "Ctrl+Shift+V",
                                  tip="Create a code named after the selected words and apply it")
        self.memo = self._make("&Memo on Coding…", "Ctrl+M")
        self.recode = self._make("&Recode Coding…", "Ctrl+R")
        self.delete_coding = self._make("&Delete Coding", Key.Delete)
        self.add_code = self._make("Add &Code…", "Ctrl+Shift+N")
        self.add_template = self._make("Add Codebook &Template…")
        # View
        self.zoom_in = self._make("Zoom &In", Key.ZoomIn)
        self.zoom_out = self._make("Zoom &Out", Key.ZoomOut)
        self.zoom_reset = self._make("&Reset Zoom", "Ctrl+0")
        self.snap_to_words = self._make("&Snap Selection to Words", checkable=True)
        self.theme_light = self._make("&Light", checkable=True)
        self.theme_dark = self._make("&Dark", checkable=True)
        self.themes = QActionGroup(self)
        self.themes.addAction(self.theme_light)
        self.themes.addAction(self.theme_dark)
        # Coders
        self.switch_coder = self._make("&Switch Coder…", "Ctrl+Shift+U")
        self.blind_mode = self._make("&Blind Mode", "Ctrl+Shift+B", checkable=True,
                                     tip="Hide every other coder's codings (independent coding)")
        self.show_all_coders = self._make("Show &All Coders")
        self.assign_documents = self._make(
            "Assign Documents for &Double Coding…",
            tip="A seeded sample of documents for two or more coders, coded blind")
        self.mark_done = self._make("&Mark Document Done", "Ctrl+Shift+D",
                                    tip="Finish blind coding of this document: other coders' "
                                        "codings become visible")
        self.remove_coder = self._make("&Remove Coder…",
                                       tip="Remove a coder and their codings (undoable; "
                                           "adjudication keeps their passages as provenance)")
        # Analysis
        self.agreement = self._make("&Agreement Between Coders…", "Ctrl+Shift+A",
                                    tip="Agreement statistics, disagreements and adjudication")
        self.analysis = self._make("A&nalysis: Frequencies, Co-occurrence, Passages…",
                                   "Ctrl+Shift+Y",
                                   tip="Code frequencies, co-occurrence, code × country/year, "
                                       "retrieval and the printable report")

    def _make(self, text: str, shortcut: str | Key | list[str] | None = None, *,
              checkable: bool = False, tip: str = "") -> QAction:
        act = QAction(text, self._owner)
        if isinstance(shortcut, list):
            act.setShortcuts([QKeySequence(s) for s in shortcut])
        elif isinstance(shortcut, Key):
            act.setShortcuts(shortcut)
        elif shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.setCheckable(checkable)
        plain = text.replace("&", "").rstrip("…")
        keys = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        act.setToolTip(f"{tip or plain} ({keys})" if keys else (tip or plain))
        if tip:
            act.setStatusTip(tip)
        # Shortcuts work wherever focus is in the window (docks included).
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self._owner.addAction(act)
        return act

    def all(self) -> Iterable[QAction]:
        return [v for v in vars(self).values() if isinstance(v, QAction)]


class CodeShortcuts(QObject):
    """One QAction per code with a shortcut: the code's own key, else a free digit 1–9."""

    triggered = Signal(str)  # code uuid

    def __init__(self, owner: QWidget) -> None:
        super().__init__(owner)
        self._owner = owner
        self._actions: list[QAction] = []
        self.keys: dict[str, str] = {}

    def rebuild(self, codes_in_tree_order: Iterable[Code]) -> dict[str, str]:
        """Recreate the actions; returns ``{code uuid: key}`` for display in the codebook."""
        for act in self._actions:
            self._owner.removeAction(act)
            act.deleteLater()
        self._actions = []
        reserved = {seq.toString().upper() for act in self._owner.actions()
                    for seq in act.shortcuts() if not seq.isEmpty()}
        self.keys = assign_keys(codes_in_tree_order, reserved)
        for uuid, key in self.keys.items():
            act = QAction(self._owner)
            act.setShortcut(QKeySequence(key))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(_bind(self.triggered.emit, uuid))
            self._owner.addAction(act)
            self._actions.append(act)
        return dict(self.keys)

    def key_for(self, uuid: str) -> str:
        return self.keys.get(uuid, "")


def assign_keys(codes: Iterable[Code], reserved: set[str] | None = None) -> dict[str, str]:
    """Explicit shortcuts first; the remaining digits 1–9 go to the first codable codes.

    A key already used by a menu action (``reserved``, upper case) is not given to a code:
    two owners of one key would make Qt ignore both.
    """
    codes = [c for c in codes if c.codable and not c.deprecated]
    keys: dict[str, str] = {}
    used: set[str] = set(reserved or ())
    for c in codes:
        k = (c.shortcut or "").strip()
        seq = QKeySequence(k)
        if k and seq.count() == 1 and seq.toString().upper() not in used:
            keys[c.uuid] = k
            used.add(seq.toString().upper())
    free = [d for d in "123456789" if d not in used]
    for c in codes:
        if not free:
            break
        if c.uuid not in keys:
            keys[c.uuid] = free.pop(0)
    return keys


def _bind(fn: Callable[[str], None], value: str) -> Callable[[], None]:
    return lambda *_: fn(value)
