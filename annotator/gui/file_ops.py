"""File-menu work for an open project: export, coding packages, merging packages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotator.gui.workers import run_with_progress

if TYPE_CHECKING:
    from annotator.gui.workbench import Workbench


def export(wb: Workbench) -> None:
    from annotator.gui.dialogs.export_dialog import ExportDialog

    project = wb.controller.project
    dialog = ExportDialog(wb.window, [c.name for c in wb.controller.coders()], project.name)
    dialog.accepted_export.connect(lambda fmt, path, flt: _run_export(wb, fmt, path, flt))
    dialog.open()
    wb.export_dialog = dialog


def _run_export(wb: Workbench, fmt: str, path: str, flt: Any) -> None:
    project = wb.controller.project

    def job(progress: Any, _cancelled: Any) -> str:
        progress(0, 0, f"Writing {path}")
        if fmt == "report-html":
            from annotator.services.reporting import ReportOptions, write_html_report

            write_html_report(project, path, ReportOptions(filter=flt))
        else:
            from annotator.services.exporting.dispatch import run_export

            run_export(project, fmt, path, flt)
        return path

    run_with_progress(wb.runner, job, title="Exporting", parent=wb.window,
                      on_done=lambda p: wb.window.statusBar().showMessage(f"Exported to {p}",
                                                                           8000),
                      on_error=lambda e, tb: wb._show_error(e))


def create_package(wb: Workbench) -> None:
    from annotator.gui.team import open_package_dialog

    wb.package_dialog = open_package_dialog(wb.window, wb.controller.project)


def merge_packages(wb: Workbench) -> None:
    from annotator.gui.team import open_merge_dialog

    wb.merge_dialog = open_merge_dialog(wb.window, wb.controller.project, wb.controller)


def restore_from_backup(app: Any, project_file: str | None = None) -> Any:
    """File ▸ Restore from Backup…: the open project's backups (or those of a project file the
    user picks, e.g. one that no longer opens); the restored copy opens in its place."""
    from PySide6.QtWidgets import QFileDialog

    from annotator.gui.dialogs.restore_dialog import RestoreDialog

    if project_file is None and app.project is not None and "://" not in str(app.project.target):
        project_file = str(app.project.target)
    if project_file is None:
        project_file, _ = QFileDialog.getOpenFileName(
            app.window, "Restore which project?", "", "annotator projects (*.annotator);;"
            "All files (*)")
    if not project_file:
        return None
    dialog = RestoreDialog(app.window, project_file)
    dialog.restored.connect(app.open_project)
    dialog.open()
    app.restore_dialog = dialog
    return dialog
