"""Composition root: the QApplication, settings, the main window, and opening projects.

``main(argv)`` opens the project given as ``argv[0]``; without one it shows the start screen
(sample project, new project, open project, recent projects). Opening and building projects runs
on a worker thread behind a progress dialog.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QFileDialog

from annotator.domain.errors import ProjectError
from annotator.gui import file_ops, theme
from annotator.gui.main_window import MainWindow
from annotator.gui.start_screen import StartScreen
from annotator.gui.workers import Runner, run_with_progress
from annotator.services.project import Project
from annotator.settings import AppSettings, WindowState

PROJECT_FILTER = "annotator projects (*.annotator);;All files (*)"


class App(QObject):
    project_opened = Signal(object)  # Workbench

    def __init__(self, settings: AppSettings | None = None, *, ask_coder: bool = True) -> None:
        super().__init__()
        self.settings = settings or AppSettings.load()
        self.ask_coder = ask_coder
        self.window = MainWindow()
        self.runner = Runner(self)
        self.workbench: Any = None
        self.project: Project | None = None
        self.start: StartScreen | None = None
        self.last_error: Any = None
        self.key_hint: Any = None
        self._closing = False
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply(app, self.settings.theme)
        a = self.window.actions_
        (a.theme_dark if self.settings.theme == "dark" else a.theme_light).setChecked(True)
        a.theme_light.triggered.connect(lambda: self.set_theme("light"))
        a.theme_dark.triggered.connect(lambda: self.set_theme("dark"))
        a.open_sample.triggered.connect(self.open_sample)
        a.new_project.triggered.connect(self.new_project)
        a.open_project.triggered.connect(self.choose_project)
        a.open_team_project.triggered.connect(self.choose_team_project)
        a.restore_backup.triggered.connect(lambda: file_ops.restore_from_backup(self))
        from annotator.gui.notices import StatusWarnings

        self.warnings = StatusWarnings(self.window)  # a failed backup: said once, work goes on
        a.import_documents.triggered.connect(self.import_documents)
        a.quit.triggered.connect(self.window.close)
        self.window.closing.connect(self.shutdown)
        self.window.menus["recent"].aboutToShow.connect(self._fill_recent)
        geometry = WindowState.decode(self.settings.window.geometry)
        if not (geometry and self.window.restore_layout(geometry, b"")):
            self.window.fit_to_screen()

    # --- start screen -----------------------------------------------------------------------
    def show_start(self) -> None:
        self.start = StartScreen(self.settings.existing_recent())
        self.start.open_sample.connect(self.open_sample)
        self.start.new_project.connect(self.new_project)
        self.start.open_project.connect(self.choose_project)
        self.start.open_path.connect(self.open_project)
        self.window.set_workbench_mode(False)
        self.window.show_widget(self.start)
        self.window.setWindowTitle("annotator")

    def _fill_recent(self) -> None:
        menu = self.window.menus["recent"]
        menu.clear()
        recent = self.settings.existing_recent()
        for path in recent:
            menu.addAction(Path(path).name, lambda p=path: self.open_project(p)).setToolTip(path)
        if not recent:
            menu.addAction("No recent projects").setEnabled(False)

    # --- projects ---------------------------------------------------------------------------
    def open_project(self, path: str | Path, *, background: bool = True,
                     create: bool = False) -> None:
        """Open (or create) a project; on a worker thread unless ``background`` is False."""
        target = str(path)

        def job(progress: Any, _cancelled: Any) -> Project:
            progress(0, 0, "Checking and opening the project…")
            return Project.create(target) if create else Project.open(target)

        if not background:
            try:
                self._install(job(lambda *_: None, lambda: False), target)
            except Exception as exc:  # noqa: BLE001 - shown as a readable dialog
                self.show_error(exc)
            return
        def done(project: Project) -> None:
            if task.token.cancelled:  # the user gave up waiting: do not switch projects
                project.close()
                return
            self._install(project, target)

        task = run_with_progress(self.runner, job, title=f"Opening {Path(target).name}",
                                 parent=self.window, on_done=done,
                                 on_error=lambda e, tb: self.show_error(e, tb))

    def choose_team_project(self) -> None:
        """Ask for a postgresql:// URL (see docs/team-server.md) and open it."""
        from PySide6.QtWidgets import QInputDialog

        url, ok = QInputDialog.getText(
            self.window, "Open team project",
            "Server URL (postgresql://user:password@host/database):")
        url = url.strip()
        if ok and url:
            if not url.startswith(("postgresql://", "postgres://")):
                self.show_error(ProjectError("a team project URL starts with postgresql://"))
                return
            self.open_project(url)

    def _install(self, project: Project, target: str) -> None:
        from annotator.gui.workbench import Workbench

        if self._closing:  # opened in the background while the window was closing
            project.close()
            return
        self.close_project()
        self.project = project
        name = self._coder_name(project)
        if name:
            project.use_coder(name)
        self.workbench = Workbench(self.window, project, self.settings, self.runner)
        state = WindowState.decode(self.settings.window.state)
        if not (state and self.window.restore_layout(b"", state)):
            self.window.default_sizes()
        self.window.fit_side_docks()
        QTimer.singleShot(0, self.window.fit_side_docks)  # once the panels' layouts settled
        if self.workbench.session.document_id is None:  # nothing remembered: start reading
            from annotator.services.start_document import start_document

            first = start_document(project)
            if first is not None:
                self.workbench.open_document(first)
        self.settings.add_recent(target)
        self.save_settings()
        self._key_hint()
        self.project_opened.emit(self.workbench)

    def _key_hint(self) -> None:
        from annotator.gui.key_hint import show_key_hint

        def remember() -> None:
            self.settings.key_hint_seen = True
            self.save_settings()

        self.key_hint = show_key_hint(self.workbench.pane, self.settings.key_hint_seen,
                                      remember)

    def _coder_name(self, project: Project) -> str | None:
        if self.settings.coder_name:
            return self.settings.coder_name
        if not self.ask_coder:
            return None
        from annotator.gui.dialogs.coder_name import CoderNameDialog

        name = CoderNameDialog.ask(self.window, [c.name for c in project.coders()],
                                   first_run=True)
        if name:
            self.settings.coder_name = name
        return name

    def close_project(self) -> None:
        if self.workbench is not None:
            from annotator.gui.workbench_actions import uninstall_actions

            self._remember_layout()
            uninstall_actions(self.workbench)
            self.workbench.close()
            self.window.remove_panels()
            self.workbench.deleteLater()
            self.workbench = None
        if self.project is not None:
            self.project.close()
            self.project = None

    def open_sample(self) -> None:
        def job(progress: Any, _cancelled: Any) -> str:
            progress(0, 0, "Preparing the sample project…")
            from annotator.services.sample import ensure_demo_project

            return str(ensure_demo_project())

        task = run_with_progress(
            self.runner, job, title="Opening the sample project", parent=self.window,
            on_done=lambda p: None if task.token.cancelled else self.open_project(p),
            on_error=lambda e, tb: self.show_error(e, tb))

    def new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.window, "New project", str(Path.home()),
                                              PROJECT_FILTER)
        if path:
            p = Path(path)
            if p.suffix != ".annotator":
                p = p.with_suffix(".annotator")
            if p.exists():
                self.show_error(ProjectError(f"{p} already exists; open it instead"))
                return
            self.open_project(p, create=True)

    def choose_project(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open project", str(Path.home()),
                                              PROJECT_FILTER)
        if path:
            self.open_project(path)

    def import_documents(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self.window, "Import documents", str(Path.home()),
            "Reports (*.txt *.md *.html *.htm *.docx *.pdf);;All files (*)")
        if files:
            self.import_files(files)

    def import_files(self, files: list[str]) -> Any:
        """Import on a worker thread with progress and Cancel; returns the task."""
        from annotator.domain.changes import Changes
        from annotator.gui.import_report import ask_missing_years, summarize
        from annotator.services.importing.pipeline import import_files

        project, wb = self.project, self.workbench
        if project is None or wb is None:
            return None

        def job(progress: Any, cancelled: Any) -> Any:
            return import_files(project, files, progress=progress, cancelled=cancelled,
                                workers=1)

        def done(report: Any) -> None:
            if self.workbench is not wb:  # the project was closed meanwhile
                return
            wb.controller.announce(Changes(documents={d.id for d in report.imported}))
            summarize(self.window, report)
            from annotator.gui.series_ops import offer_carry_after_import

            offer_carry_after_import(wb, report.imported)  # a new edition: carry forward?
            if report.imported and wb.session.document_id is None:
                wb.open_document(report.imported[0].id)
            self.last_year_dialog = ask_missing_years(self.window, report, wb.controller.execute)

        return run_with_progress(self.runner, job, title="Importing documents",
                                 parent=self.window, on_done=done,
                                 on_error=lambda e, tb: self.show_error(e, tb))

    # --- appearance, settings, errors -------------------------------------------------------
    def set_theme(self, name: str) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply(app, name)
        self.settings.theme = "dark" if name == "dark" else "light"
        if self.workbench is not None:
            self.workbench.view.update()
        self.save_settings()

    def _remember_layout(self) -> None:
        geometry, state = self.window.layout_bytes()
        self.settings.window.geometry = WindowState.encode(geometry)
        if self.workbench is not None:
            self.settings.window.state = WindowState.encode(state)

    def save_settings(self) -> None:
        try:
            self.settings.save()
        except OSError as exc:
            self.show_error(exc)

    def shutdown(self) -> None:
        """Window closing: everything is committed already; remember layout, close quietly."""
        self._closing = True
        self.runner.cancel_all()
        self.runner.wait(10000)  # let running jobs stop before their project closes
        self._remember_layout()
        self.close_project()
        self.warnings.detach()
        try:
            self.settings.save()
        except OSError:
            pass

    def show_error(self, exc: BaseException, details: str = "") -> None:
        from annotator.gui.errors import show_error

        self.last_error = show_error(self.window, exc, details)


def main(argv: list[str] | None = None) -> int:
    from annotator.gui.errors import install_excepthook

    args = list(sys.argv[1:] if argv is None else argv)
    if QApplication.instance() is None:
        from annotator.gui.platform_check import ensure_window_can_open

        if (blocked := ensure_window_can_open()) is not None:
            return blocked
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qapp, QApplication)
    qapp.setApplicationName("annotator")
    qapp.setOrganizationName("annotator")
    qapp.setFont(theme.ui_font())
    install_excepthook()
    app = App()
    if args:
        app.open_project(args[0])
    else:
        app.show_start()
    if app.window.first_start:  # no saved geometry: use the whole screen
        app.window.showMaximized()
    else:
        app.window.show()
    return int(qapp.exec())

