"""The main window: menus, toolbar, docks and the central area. Layout only, no logic.

The application (``app.py``) puts either the start screen or a project's workbench into it; the
workbench hands over its panels with :meth:`MainWindow.install_panels`.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (QDockWidget, QLabel, QMainWindow, QMenu, QStackedWidget,
                               QToolBar, QWidget)

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

    # --- layout -----------------------------------------------------------------------------
    def _arrange_docks(self) -> None:
        d = self.docks
        # split before tabifying: splitting a tabbed dock would add a tab instead
        self.splitDockWidget(d["documentsDock"], d["outlineDock"], Qt.Orientation.Vertical)
        self.tabifyDockWidget(d["documentsDock"], d["searchDock"])
        self.tabifyDockWidget(d["documentsDock"], d["codersDock"])
        self.splitDockWidget(d["codebookDock"], d["codingsDock"], Qt.Orientation.Vertical)
        self.splitDockWidget(d["codingsDock"], d["memoDock"], Qt.Orientation.Vertical)

    def default_sizes(self) -> None:
        """Sensible proportions for a first start (saved layouts override them)."""
        d = self.docks
        self.resizeDocks([d["documentsDock"], d["codebookDock"]], [250, 390],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([d["documentsDock"], d["outlineDock"]], [230, 520],
                         Qt.Orientation.Vertical)
        self.resizeDocks([d["codebookDock"], d["codingsDock"], d["memoDock"]], [420, 250, 160],
                         Qt.Orientation.Vertical)
        d["documentsDock"].raise_()

    def _build_menus(self) -> None:
        a = self.actions_
        bar = self.menuBar()
        file = self.menus["file"] = bar.addMenu("&File")
        for act in (a.new_project, a.open_project, a.open_team_project, a.open_sample):
            file.addAction(act)
        self.menus["recent"] = file.addMenu("Open &Recent")
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
