"""Team work through coding packages: the “Create coding package…” and “Merge packages…”
dialogs.

Entry points for menus (the main window wires them):

* ``open_package_dialog(parent, project)`` — choose a coder, documents and blind mode and write
  a package file;
* ``open_merge_dialog(parent, project, controller=None)`` — pick returned packages, inspect the
  preview (codings per coder, codebook changes to accept, conflicts, documents) and merge. With
  a :class:`~annotator.gui.controller.Controller`, open views refresh after the merge.

Both open window-modal and return the dialog (its ``created`` / ``merged`` signals carry the
result).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from annotator.gui.team.merge_dialog import MergeDialog
from annotator.gui.team.package_dialog import PackageDialog
from annotator.services.project import Project


def open_package_dialog(parent: QWidget | None, project: Project) -> PackageDialog:
    dialog = PackageDialog(parent, project)
    dialog.open()
    return dialog


def open_merge_dialog(parent: QWidget | None, project: Project, controller: Any = None,
                      packages: list[str] | tuple[str, ...] = ()) -> MergeDialog:
    dialog = MergeDialog(parent, project, controller, packages)
    dialog.open()
    return dialog


__all__ = ["MergeDialog", "PackageDialog", "open_merge_dialog", "open_package_dialog"]
