"""Agreement tools for the main window: the Agreement view, the disagreement browser and the
adjudication panel, as three docks.

Entry point::

    from annotator.gui.agreement import open_agreement_tools
    tools = open_agreement_tools(window, project, controller=workbench.controller,
                                 runner=workbench.runner, jump=workbench.jump_to)

``jump(document_id, start, end)`` is called when the user activates a disagreement; before
that, with a controller, blind mode is switched off and the compared coders are made visible so
that every coder's passage shows. Without a controller the panel keeps its own undo stack.
Calling it again for the same window shows the existing docks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

from annotator.gui.agreement.adjudication_panel import AdjudicationPanel
from annotator.gui.agreement.disagreements import DisagreementBrowser
from annotator.gui.agreement.view import AgreementView
from annotator.gui.workers import Runner
from annotator.services.project import Project

Jump = Callable[[int, int, int], None]

__all__ = ["AdjudicationPanel", "AgreementTools", "AgreementView", "DisagreementBrowser",
           "open_agreement_tools"]


@dataclass
class AgreementTools:
    view: AgreementView
    browser: DisagreementBrowser
    adjudication: AdjudicationPanel
    docks: dict[str, QDockWidget]

    def show(self, which: str = "agreementDock") -> None:
        dock = self.docks[which]
        dock.show()
        dock.raise_()


def _reveal_and_jump(controller: Any, jump: Jump | None, coders: list[str]
                     ) -> Callable[[int, int, int], None]:
    def handler(doc: int, start: int, end: int) -> None:
        if controller is not None:
            controller.set_blind(False)
            for c in controller.coders():
                if c.name in coders:
                    controller.set_coder_visible(c.id, True)
        if jump is not None:
            jump(doc, start, end)
    return handler


def open_agreement_tools(window: QMainWindow, project: Project, *, controller: Any = None,
                         runner: Runner | None = None, jump: Jump | None = None
                         ) -> AgreementTools:
    """Create (once per window) and show the three agreement docks, tabbed at the bottom."""
    existing = getattr(window, "_agreement_tools", None)
    if isinstance(existing, AgreementTools) and existing.view.project is project:
        existing.show()
        return existing
    runner = runner or Runner(window)
    view = AgreementView(project, runner)
    browser = DisagreementBrowser(project, runner)
    panel = AdjudicationPanel(project, runner, controller)
    docks: dict[str, QDockWidget] = {}
    for name, title, widget in (("agreementDock", "Agreement", view),
                                ("disagreementsDock", "Disagreements", browser),
                                ("adjudicationDock", "Adjudication", panel)):
        dock = QDockWidget(title, window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        _add_bottom(window, dock)
        docks[name] = dock
    browser.jump_requested.connect(
        lambda d, s, e: _reveal_and_jump(controller, jump, browser.loader.chosen()[0])(d, s, e))
    panel.jump_requested.connect(
        lambda d, s, e: _reveal_and_jump(controller, jump, panel.loader.chosen()[0])(d, s, e))
    panel.decided.connect(lambda rec: browser.loader.load())
    tools = AgreementTools(view, browser, panel, docks)
    window._agreement_tools = tools  # type: ignore[attr-defined]
    tools.show()
    browser.load()
    panel.load()
    if len(view.controls.coders.checked()) >= 2:  # the default pair shares documents
        view.compute()
    return tools


def _add_bottom(window: QMainWindow, dock: QDockWidget) -> None:
    """Tabbed with the other bottom docks; the main window keeps the text at least half."""
    add = getattr(window, "add_bottom_dock", None)
    if add is not None:
        add(dock)
        return
    area = Qt.DockWidgetArea.BottomDockWidgetArea
    others = [d for d in window.findChildren(QDockWidget)
              if d is not dock and window.dockWidgetArea(d) == area]
    window.addDockWidget(area, dock)
    if others:
        window.tabifyDockWidget(others[0], dock)
