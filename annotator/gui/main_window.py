"""The main window: menus, toolbar, docks and the central area. Layout only, no logic.

The application (``app.py``) puts either the start screen or a project's workbench into it; the
workbench hands over its panels with :meth:`MainWindow.install_panels`.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QResizeEvent, QScreen
from PySide6.QtWidgets import (QDockWidget, QLabel, QMainWindow, QMenu, QScrollArea,
                               QStackedWidget, QToolBar, QWidget)

from annotator.gui.actions import Actions

DOCKS = (
    # object name, title, area
    ("documentsDock", "Documents", Qt.DockWidgetArea.LeftDockWidgetArea),
    ("searchDock", "Search", Qt.DockWidgetArea.LeftDockWidgetArea),
    ("codersDock", "Coders", Qt.DockWidgetArea.LeftDockWidgetArea),
    ("outlineDock", "Outline", Qt.DockWidgetArea.LeftDockWidgetArea),
    ("codebookDock", "Codebook", Qt.DockWidgetArea.RightDockWidgetArea),
    ("codingsDock", "Codings in Document", Qt.DockWidgetArea.RightDockWidgetArea),
    ("memoDock", "Memo && Attributes", Qt.DockWidgetArea.RightDockWidgetArea),
)


#: the most of the window's height that the bottom tool docks take on opening
BOTTOM_SHARE = 0.38


class ToolScroll(QScrollArea):
    """Holds a bottom tool: it fills the dock and scrolls when the dock is shorter than the
    tool's smallest layout (nothing is clipped or overlaps)."""

    def __init__(self, tool: QWidget) -> None:
        super().__init__()
        # sized by hand: a resizable scroll area would grow the tool to its *preferred* height
        # whenever a word-wrapped label inside reports height-for-width, and scroll for nothing
        self.setWidgetResizable(False)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setWidget(tool)
        tool.installEventFilter(self)
        self.setMinimumHeight(120)

    def fit(self) -> None:
        tool = self.widget()
        if tool is None:
            return
        room = self.viewport().size()
        least = tool.minimumSizeHint().expandedTo(tool.minimumSize())
        tool.resize(max(room.width(), least.width()), max(room.height(), least.height()))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.fit()
        return super().eventFilter(obj, event)


def _real_screen(widget: QWidget) -> QScreen | None:
    """The screen the window is on; None on the offscreen and minimal platforms, whose
    800×600 stand-in is nobody's screen."""
    if QGuiApplication.platformName() in ("offscreen", "minimal"):
        return None
    return widget.screen() or QGuiApplication.primaryScreen()


def dock_content(dock: QDockWidget) -> QWidget | None:
    """The tool inside a dock, whether or not it sits in a :class:`ToolScroll`."""
    w = dock.widget()
    return w.widget() if isinstance(w, ToolScroll) else w


class MainWindow(QMainWindow):
    closing = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("annotator")
        self.setDockNestingEnabled(True)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.actions_ = Actions(self)
        self.toolbar = QToolBar("Main toolbar")
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.central = QStackedWidget()
        self.setCentralWidget(self.central)
        self.docks: dict[str, QDockWidget] = {}
        for name, title, area in DOCKS:
            dock = QDockWidget(title, self)
            dock.setObjectName(name)
            dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                             | QDockWidget.DockWidgetFeature.DockWidgetClosable
                             | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
            self.addDockWidget(area, dock)
            self.docks[name] = dock
        self._arrange_docks()
        for dock in self.docks.values():
            dock.hide()
        self.menus: dict[str, QMenu] = {}
        self._build_menus()
        self.status_label = QLabel()
        self.statusBar().setSizeGripEnabled(True)
        self.resize(1440, 900)
        #: no saved geometry on a real screen: the app shows the window maximized
        self.first_start = False

    # --- layout -----------------------------------------------------------------------------
    def _arrange_docks(self) -> None:
        d = self.docks
        # split before tabifying: splitting a tabbed dock would add a tab instead
        # left: documents | coders above, outline | search (long result lists) below, so that
        # no tab bar has more tabs than a 250-pixel column shows unclipped
        self.splitDockWidget(d["documentsDock"], d["outlineDock"], Qt.Orientation.Vertical)
        self.tabifyDockWidget(d["documentsDock"], d["codersDock"])
        self.tabifyDockWidget(d["outlineDock"], d["searchDock"])
        self.splitDockWidget(d["codebookDock"], d["codingsDock"], Qt.Orientation.Vertical)
        self.splitDockWidget(d["codingsDock"], d["memoDock"], Qt.Orientation.Vertical)

    def fit_to_screen(self, width: int = 1440, height: int = 900) -> None:
        """First start: the default size, but never larger than the screen (a 1366×768
        laptop gets a window that fits, centred); the app then shows it maximized
        (:attr:`first_start`), so the text and the tool docks get the whole screen."""
        screen = _real_screen(self)
        if screen is None:
            self.resize(width, height)
            return
        self.first_start = True
        free = screen.availableGeometry()
        w = min(width, int(free.width() * 0.96))
        h = min(height, int(free.height() * 0.94))
        self.resize(w, h)
        self.move(free.x() + (free.width() - w) // 2, free.y() + (free.height() - h) // 2)

    def fit_side_docks(self, room: int | None = None) -> list[str]:
        """On a short screen, stack side panels as tabs until the window's smallest height fits
        ``room`` (default: the screen; a window taller than the screen hides its bottom: memo,
        buttons). Returns the docks that became tabs."""
        screen = _real_screen(self)
        if screen is None and room is None:
            return []
        if room is None:
            room = screen.availableGeometry().height() - 40  # the window manager's title bar
        moved = []
        d = self.docks
        for dock, onto in (("memoDock", "codingsDock"), ("outlineDock", "documentsDock")):
            if self.minimumSizeHint().height() <= room:
                break
            if d[dock].isHidden() or d[onto].isHidden() or d[dock].isFloating():
                continue
            if d[dock] in self.tabifiedDockWidgets(d[onto]):
                continue
            self.tabifyDockWidget(d[onto], d[dock])
            d[onto].raise_()
            moved.append(dock)
        if (self.height() > room and self.minimumSizeHint().height() <= room
                and not self.isMaximized()):  # a maximized window is the screen's size
            self.layout().activate()  # apply the smaller minimum before resizing to it
            self.resize(self.width(), room)
            frame = self.frameGeometry()
            free = screen.availableGeometry() if screen is not None else frame
            if frame.bottom() > free.bottom():
                self.move(self.x(), max(free.top(), self.y() - (frame.bottom() - free.bottom())))
        return moved

    def default_sizes(self) -> None:
        """Sensible proportions for a first start (saved layouts override them)."""
        d = self.docks
        self.resizeDocks([d["documentsDock"], d["codebookDock"]], [300, 390],
                         Qt.Orientation.Horizontal)
        tall = max(self.height() - 120, 400)  # documents 40 %, outline 60 % of the side
        self.resizeDocks([d["documentsDock"], d["outlineDock"]],
                         [int(tall * 0.4), int(tall * 0.6)], Qt.Orientation.Vertical)
        self.resizeDocks([d["codebookDock"], d["codingsDock"], d["memoDock"]], [420, 250, 160],
                         Qt.Orientation.Vertical)
        d["documentsDock"].raise_()
        d["outlineDock"].raise_()

    def add_tab_beside(self, widget: QWidget, title: str, name: str, beside: str) -> QDockWidget:
        """A new dock holding ``widget``, as a tab beside the dock ``beside`` (which stays in
        front): panels such as Series or Suggestions join a side area without taking room."""
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(self.dockWidgetArea(self.docks[beside]), dock)
        self.tabifyDockWidget(self.docks[beside], dock)
        self.docks[beside].raise_()
        return dock

    def add_bottom_dock(self, dock: QDockWidget, share: float = BOTTOM_SHARE) -> None:
        """Show a tool dock (agreement, analysis) below the text without crushing it: bottom
        docks share one tabbed area, which takes at most ``share`` of the window's height.
        The tool sits in a scroll area, so a short window scrolls the tool, never the text
        away (use :func:`dock_content` to reach the tool itself)."""
        area = Qt.DockWidgetArea.BottomDockWidgetArea
        content = dock.widget()
        if content is not None and not isinstance(content, ToolScroll):
            dock.setWidget(ToolScroll(content))
        others = [d for d in self.findChildren(QDockWidget)
                  if d is not dock and not d.isHidden() and not d.isFloating()
                  and self.dockWidgetArea(d) == area]
        if self.dockWidgetArea(dock) != area:
            self.addDockWidget(area, dock)
        if others and dock not in self.tabifiedDockWidgets(others[0]):
            self.tabifyDockWidget(others[0], dock)
        dock.show()
        dock.raise_()
        self.fit_bottom_docks(share)
        QTimer.singleShot(0, lambda: self.fit_bottom_docks(share))

    def fit_bottom_docks(self, share: float = BOTTOM_SHARE) -> None:
        area = Qt.DockWidgetArea.BottomDockWidgetArea
        shown = [d for d in self.findChildren(QDockWidget)
                 if not d.isHidden() and self.dockWidgetArea(d) == area and not d.isFloating()]
        if shown:
            self.resizeDocks(shown[:1], [max(160, int(self.height() * share))],
                             Qt.Orientation.Vertical)

    def _build_menus(self) -> None:
        a = self.actions_
        bar = self.menuBar()
        file = self.menus["file"] = bar.addMenu("&File")
        for act in (a.new_project, a.open_project, a.open_team_project, a.open_sample):
            file.addAction(act)
        self.menus["recent"] = file.addMenu("Open &Recent")
        file.addAction(a.restore_backup)
        file.addSeparator()
        file.addAction(a.import_documents)
        file.addAction(a.export)
        file.addSeparator()
        file.addAction(a.create_package)
        file.addAction(a.merge_packages)
        file.addSeparator()
        file.addAction(a.quit)
        edit = self.menus["edit"] = bar.addMenu("&Edit")
        self.menus["edit_undo_anchor"] = edit
        edit.addSeparator()
        for act in (a.find, a.find_next, a.find_previous, a.find_project):
            edit.addAction(act)
        coding = self.menus["coding"] = bar.addMenu("&Coding")
        for act in (a.quick_code, a.code_selection, a.in_vivo):
            coding.addAction(act)
        coding.addSeparator()
        for act in (a.memo, a.recode, a.delete_coding):
            coding.addAction(act)
        coding.addSeparator()
        coding.addAction(a.add_code)
        self.menus["templates_anchor"] = coding
        coders = self.menus["coders"] = bar.addMenu("C&oders")
        for act in (a.switch_coder, a.blind_mode, a.show_all_coders, a.assign_documents,
                    a.mark_done, a.remove_coder):
            coders.addAction(act)
        analysis = self.menus["analysis"] = bar.addMenu("&Analysis")
        analysis.addAction(a.agreement)
        analysis.addAction(a.analysis)
        view = self.menus["view"] = bar.addMenu("&View")
        for act in (a.zoom_in, a.zoom_out, a.zoom_reset):
            view.addAction(act)
        view.addSeparator()
        view.addAction(a.snap_to_words)
        theme = view.addMenu("&Theme")
        theme.addAction(a.theme_light)
        theme.addAction(a.theme_dark)
        view.addSeparator()
        panels = self.menus["panels"] = view.addMenu("&Panels")
        for dock in self.docks.values():
            panels.addAction(dock.toggleViewAction())

    def add_undo_actions(self, undo: object, redo: object) -> None:
        edit = self.menus["edit"]
        first = edit.actions()[0] if edit.actions() else None
        edit.insertAction(first, undo)  # type: ignore[arg-type]
        edit.insertAction(first, redo)  # type: ignore[arg-type]

    # --- content ----------------------------------------------------------------------------
    def show_widget(self, widget: QWidget) -> None:
        """Make ``widget`` the central content (start screen or document pane)."""
        if self.central.indexOf(widget) < 0:
            self.central.addWidget(widget)
        self.central.setCurrentWidget(widget)

    def install_panels(self, panels: dict[str, QWidget]) -> None:
        for name, widget in panels.items():
            dock = self.docks[name]
            dock.setWidget(widget)
            dock.show()

    def remove_panels(self) -> None:
        for dock in self.docks.values():
            w = dock.widget()
            dock.setWidget(None)  # type: ignore[arg-type]
            if w is not None:
                w.deleteLater()
            dock.hide()
        self.toolbar.clear()

    def set_workbench_mode(self, on: bool) -> None:
        """Hide everything that needs an open project while the start screen is shown."""
        self.toolbar.setVisible(on)
        for name in ("edit", "coding", "coders", "analysis"):
            self.menus[name].menuAction().setVisible(on)
        self.menus["panels"].menuAction().setVisible(on)
        a = self.actions_
        for act in (a.import_documents, a.export, a.create_package, a.merge_packages):
            act.setEnabled(on)

    # --- persistence ------------------------------------------------------------------------
    def layout_bytes(self) -> tuple[bytes, bytes]:
        return bytes(self.saveGeometry().data()), bytes(self.saveState().data())

    def restore_layout(self, geometry: bytes, state: bytes) -> bool:
        ok = True
        if geometry:
            ok = self.restoreGeometry(QByteArray(geometry)) and ok
        if state:
            ok = self.restoreState(QByteArray(state)) and ok
        return ok

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        # Every action is already committed: closing never asks.
        self.closing.emit()
        event.accept()
