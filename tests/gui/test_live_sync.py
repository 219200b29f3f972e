"""LiveSync delivers other coders' changes to the GUI thread and reports the connection."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.text import text_sha256
from annotator.gui.live_sync import LiveSync
from annotator.services.coding_commands import ApplyCode
from annotator.services.project import Project

TEXT = "The police detained journalists. Torture was common in prisons.\n"


def _setup(path: Path) -> tuple[Project, Project, int, str]:
    a = Project.create(path)
    a.use_coder("amina")
    with a.store.begin() as tx:
        doc = tx.add_document(title="d", country=None, year=None, source_name="d.txt",
                              source_type="txt", text=TEXT, sha256=text_sha256(TEXT),
                              is_report=False, segs=[])
        code = tx.add_code(name="Torture")
    b = Project.open(path, backup=False)
    b.use_coder("ben")
    return a, b, doc.id, code.uuid


def test_remote_codings_arrive_on_the_gui_thread(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    a, b, doc, code = _setup(tmp_path / "p.annotator")
    sync = LiveSync(b, interval=0.1)
    got: list[object] = []
    sync.remote_changes.connect(got.append)
    sync.start()
    try:
        made = a.execute(ApplyCode(doc, 0, 10, code)).result
        qtbot.waitUntil(lambda: bool(got), timeout=2000)
        assert made.id in got[0].codings and doc in got[0].coded_documents
        got.clear()
        b.execute(ApplyCode(doc, 11, 20, code))  # own action: not reported back
        qtbot.wait(400)
        assert got == []
    finally:
        sync.stop()
        a.close()
        b.close()


def test_connection_signal_on_failure_and_recovery(qtbot, tmp_path: Path,  # noqa: ANN001
                                                   monkeypatch) -> None:  # noqa: ANN001
    from annotator.domain.errors import ProjectError
    from annotator.gui import live_sync

    a, b, doc, code = _setup(tmp_path / "p.annotator")
    sync = LiveSync(b, interval=0.1)
    states: list[bool] = []
    sync.connection_changed.connect(states.append)
    real = live_sync.poll

    def down(*args: object, **kw: object) -> object:
        raise ProjectError("lost the connection to the team server; your last action was "
                           "not saved")

    try:
        sync.start()
        monkeypatch.setattr(live_sync, "poll", down)
        qtbot.waitUntil(lambda: states == [False], timeout=2000)
        monkeypatch.setattr(live_sync, "poll", real)
        qtbot.waitUntil(lambda: states == [False, True], timeout=2000)
    finally:
        sync.stop()
        a.close()
        b.close()
