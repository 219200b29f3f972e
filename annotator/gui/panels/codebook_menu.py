"""Context menu of the codebook tree; every entry runs one undoable codebook command."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QInputDialog, QLineEdit, QMenu, QWidget

from annotator.domain.model import Code

if TYPE_CHECKING:
    from annotator.gui.panels.codebook_panel import CodebookPanel


def template_menu(parent: QWidget, run: object) -> QMenu:
    """A menu listing the shipped codebook templates; choosing one calls ``run(template_id)``."""
    from annotator.services.exchange.templates import list_templates

    menu = QMenu("Add &Template", parent)
    infos = list_templates()
    if not infos:
        menu.addAction("No templates installed").setEnabled(False)
    for info in infos:
        act = menu.addAction(f"{info.name}  ({info.codes} codes)")
        act.setToolTip(info.about)
        act.triggered.connect(lambda _=False, t=info.id: run(t))  # type: ignore[operator]
    return menu


class CodebookMenu(QMenu):
    def __init__(self, panel: CodebookPanel, code: Code | None) -> None:
        super().__init__(panel)
        self.panel = panel
        self.code = code
        if code is None:
            self.addAction("Add &Top-Level Code…", lambda: prompt_add(panel, None))
            self.addMenu(template_menu(self, lambda t: add_template(panel, t)))
            return
        apply = self.addAction("&Apply to Selection", lambda: panel.code_activated.emit(code.uuid))
        apply.setEnabled(code.codable and not code.deprecated)
        self.addSeparator()
        self.addAction("Add &Sub-Code…", lambda: prompt_add(panel, code.uuid))
        self.addAction("Add Code &Beside…", lambda: prompt_add(panel, _parent_uuid(panel, code)))
        self.addSeparator()
        self.addAction("&Rename", lambda: panel.edit_name(code.uuid))
        self.addAction("&Colour…", lambda: recolour(panel, code))
        self.addAction("Shortcut &Key…", lambda: set_shortcut(panel, code))
        self.addAction("Edit &Definition…", panel.details.start_editing)
        self.addSeparator()
        label = "Restore (Undo Deprecation)" if code.deprecated else "De&precate"
        self.addAction(label, lambda: deprecate(panel, code))
        self.addAction("&Merge Into…", lambda: merge_into(panel, code))
        self.addAction("&Delete…", lambda: delete(panel, code))
        self.addSeparator()
        self.addAction("Add Top-Level Code…", lambda: prompt_add(panel, None))
        self.addMenu(template_menu(self, lambda t: add_template(panel, t)))


def _parent_uuid(panel: CodebookPanel, code: Code) -> str | None:
    parent = panel.model.code_by_id(code.parent_id) if code.parent_id is not None else None
    return None if parent is None else parent.uuid


def prompt_add(panel: CodebookPanel, parent_uuid: str | None) -> None:
    where = f" under “{panel.model.path(parent_uuid)}”" if parent_uuid else ""
    name, ok = QInputDialog.getText(panel, "Add code", f"Name of the new code{where}:",
                                    QLineEdit.EchoMode.Normal, "")
    if ok and name.strip():
        panel.add_code(name.strip(), parent_uuid)


def add_template(panel: CodebookPanel, template_id: str) -> None:
    from annotator.services.codebook_commands import AddTemplate

    panel.controller.execute(AddTemplate(template_id))


def recolour(panel: CodebookPanel, code: Code) -> None:
    color = QColorDialog.getColor(QColor(code.color), panel, f"Colour of “{code.name}”")
    if color.isValid():
        from annotator.services.codebook_commands import UpdateCode

        panel.controller.execute(UpdateCode(code.uuid, color=color.name().upper()))


def set_shortcut(panel: CodebookPanel, code: Code) -> None:
    key, ok = QInputDialog.getText(
        panel, "Shortcut key", f"Key that applies “{code.name}” (a digit or letter; empty "
        "for none):", QLineEdit.EchoMode.Normal, code.shortcut or "")
    if ok:
        from annotator.services.codebook_commands import UpdateCode

        panel.controller.execute(UpdateCode(code.uuid, shortcut=key.strip() or None))


def deprecate(panel: CodebookPanel, code: Code) -> None:
    from annotator.services.codebook_commands import DeprecateCode

    panel.controller.execute(DeprecateCode(code.uuid, not code.deprecated))


def merge_into(panel: CodebookPanel, code: Code) -> None:
    from annotator.gui.dialogs.code_picker import CodePicker

    inside = {code.uuid, *_descendants(panel, code.uuid)}
    picker = CodePicker(panel, "Merge codes",
                        f"Merge “{code.name}” into… (its codings and sub-codes move there)")
    paths = {c.uuid: panel.model.path(c.uuid) for c in panel.model.codes_in_tree_order()}
    picker.set_codes(panel.model.codes_in_tree_order(), paths, exclude=inside)
    picker.chosen.connect(lambda target: _merge(panel, code.uuid, target))
    picker.open()


def _merge(panel: CodebookPanel, source: str, target: str) -> None:
    from annotator.services.codebook_commands import MergeCodes

    panel.controller.execute(MergeCodes(source, target))
    panel.select_code(target)


def _descendants(panel: CodebookPanel, uuid: str) -> list[str]:
    out: list[str] = []
    stack = panel.model.children_uuids(uuid)
    while stack:
        u = stack.pop()
        out.append(u)
        stack.extend(panel.model.children_uuids(u))
    return out


def delete(panel: CodebookPanel, code: Code) -> None:
    from annotator.gui.dialogs.delete_code import DeleteCodeDialog

    from annotator.services import workbench

    used = workbench.count_codings(panel.controller.project, code_id=code.id)
    dialog = DeleteCodeDialog(panel, panel.model, code, used)
    dialog.command_ready.connect(panel.controller.execute)
    dialog.open()
