"""The Analysis area: code frequencies, co-occurrence, code x country/year, passage retrieval
and printing the analysis report to PDF, in one dock.

Entry point for the main window::

    from annotator.gui.analysis import open_analysis
    view = open_analysis(window, project, jump=workbench.jump_to, runner=workbench.runner)

``jump(document_id, start, end)`` is called when the user activates a passage (the view also
emits ``jump_requested`` with the same arguments). Calling it again for the same window and
project shows the existing dock; for another project the dock is rebuilt.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QScrollArea

from annotator.gui.analysis.view import AnalysisView
from annotator.gui.workers import Runner
from annotator.services.project import Project

Jump = Callable[[int, int, int], None]
DOCK_NAME = "analysisDock"

__all__ = ["DOCK_NAME", "AnalysisView", "open_analysis"]


def open_analysis(main_window: QMainWindow, project: Project, *, jump: Jump | None = None,
                  runner: Runner | None = None) -> AnalysisView:
    """Create (once per window and project) and show the Analysis dock at the bottom; the
    data loads in the background."""
    dock = main_window.findChild(QDockWidget, DOCK_NAME)
    if dock is not None:
        view = dock.widget()
        if isinstance(view, QScrollArea):  # the main window's scrolling holder
            view = view.widget()
        if isinstance(view, AnalysisView) and view.project is project:
            dock.show()
            dock.raise_()
            return view
        main_window.removeDockWidget(dock)
        dock.deleteLater()
    view = AnalysisView(project, runner or Runner(main_window))
    dock = QDockWidget("Analysis", main_window)
    dock.setObjectName(DOCK_NAME)
    dock.setWidget(view)
    add = getattr(main_window, "add_bottom_dock", None)
    if add is not None:  # tabbed with the agreement docks, the text keeps at least half
        add(dock)
    else:
        main_window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    if jump is not None:
        view.jump_requested.connect(jump)
    dock.show()
    dock.raise_()
    view.load()
    return view
