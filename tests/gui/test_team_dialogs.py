"""The team dialogs: create a package, preview and merge packages; screenshots for eyes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.services.codebook_commands import AddCode, UpdateCode
from annotator.services.coding_commands import ApplyCode, UpdateCoding
from annotator.services.project import Project

from tests.services.team import team_helpers as th  # noqa: E402

OUT = Path(__file__).resolve().parents[2] / "test-output"


def _shot(qtbot, widget, name: str) -> Path:  # noqa: ANN001
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.wait(50)
    OUT.mkdir(exist_ok=True)
    path = OUT / name
    assert widget.grab().toImage().save(str(path))
    return path


def _origin(tmp_path: Path) -> th.Origin:
    path = tmp_path / "origin.annotator"
    return th.Origin(path, th.build_origin(path), tmp_path)


def _worked_packages(origin: th.Origin) -> list[str]:
    """Two packages with new codings, a rename, a new code and one conflicting edit."""
    paths = []
    for coder in ("alice", "bob"):
        pkg = origin.package(coder)
        with th.open_as(pkg, coder) as q:
            for n, needle in enumerate(("Police", "journalists", "activists")[: 2 + (coder
                                                                                   == "bob")]):
                s, e = th.span(th.TEXTS["alpha"], needle)
                q.execute(ApplyCode(1, s, e, origin.code("Arrest" if n else "Trial")))
            q.execute(UpdateCoding(origin.coding("bob:Torture"), memo=f"seen by {coder}"))
            if coder == "alice":
                q.execute(UpdateCode(origin.code("Arrest"), name="Arbitrary arrest"))
                new = q.execute(AddCode("Raids", origin.code("Rights"))).result.uuid
                s, e = th.span(th.TEXTS["beta"], "newspapers")
                q.execute(ApplyCode(2, s, e, new))
        paths.append(str(pkg))
    return paths


def test_package_dialog_writes_a_package(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    from annotator.gui.team import open_package_dialog

    origin = _origin(tmp_path)
    with origin.open() as project:
        dialog = open_package_dialog(None, project)
        qtbot.addWidget(dialog)
        assert not dialog.create_button.isEnabled()
        dialog.coder.setCurrentText("carol")
        assert dialog.out.text().endswith("origin-carol.annotator-pkg")
        dialog.documents.item(1).setCheckState(Qt.CheckState.Unchecked)
        assert dialog.chosen_documents() == [1] and dialog.create_button.isEnabled()
        _shot(qtbot, dialog, "team_package_dialog.png")
        with qtbot.waitSignal(dialog.created) as got:
            dialog.create_button.click()
        summary = got.args[0]
        assert summary.coder == "carol" and summary.documents == 1 and summary.blind
        assert "Wrote origin-carol.annotator-pkg" in dialog.status.text()
    with Project.open(summary.path, backup=False) as pkg:
        assert [d.title for d in pkg.documents()] == ["alpha"]


def test_merge_dialog_previews_lets_the_owner_choose_and_merges(qtbot, tmp_path: Path
                                                                ) -> None:  # noqa: ANN001
    from annotator.gui.team import open_merge_dialog

    origin = _origin(tmp_path)
    packages = _worked_packages(origin)
    with origin.open() as project:
        before = project.store.dump()
        dialog = open_merge_dialog(None, project, packages=packages)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: dialog.report is not None, timeout=20000)
        assert project.store.dump() == before  # the preview changed nothing
        assert dialog.codings.rowCount() >= 2
        coders = {dialog.codings.item(r, 1).text() for r in range(dialog.codings.rowCount())}
        assert {"alice", "bob"} <= coders
        kinds = [dialog.codebook.item(r, 1).text() for r in range(dialog.codebook.rowCount())]
        assert sorted(kinds) == ["new code", "renamed"]
        assert dialog.conflicts.rowCount() == 1
        assert "several packages" in dialog.conflicts.item(0, 2).text()
        assert dialog.conflicts.item(0, 1).text() == "'Torture' on 'beta' [%d, %d)" % th.span(
            th.TEXTS["beta"], "Torture")
        assert dialog.tabs.tabText(2) == "Conflicts (1)"
        assert dialog.merge_button.isEnabled()
        dialog.resize(1000, 560)
        dialog.tabs.setCurrentIndex(1)
        _shot(qtbot, dialog, "team_merge_preview_codebook.png")
        dialog.tabs.setCurrentIndex(0)
        _shot(qtbot, dialog, "team_merge_preview_codings.png")
        dialog.tabs.setCurrentIndex(2)
        _shot(qtbot, dialog, "team_merge_preview_conflicts.png")
        # reject the new code: its coding then waits
        row = kinds.index("new code")
        with qtbot.waitSignal(dialog.previewed, timeout=20000):
            dialog.codebook.item(row, 0).setCheckState(Qt.CheckState.Unchecked)
        row = [dialog.codebook.item(r, 1).text()
               for r in range(dialog.codebook.rowCount())].index("new code")
        assert dialog.codebook.item(row, 6).text() == "not accepted"
        assert dialog.codebook.item(row, 5).text() == "1"
        with qtbot.waitSignal(dialog.merged, timeout=20000) as got:
            dialog.merge_button.click()
        report = got.args[0]
        assert not report.dry_run and report.backup
        assert "Merged:" in dialog.status.text() and not dialog.merge_button.isEnabled()
        codes = th.codes_of(project)
        assert codes[origin.code("Arrest")]["name"] == "Arbitrary arrest"
        assert "Raids" not in {r["name"] for r in codes.values()}
        assert len(th.codings_of(project)) == 4 + 5
