"""Settings, error dialogs, the exception hook, workers and the start screen."""

from __future__ import annotations

import json
import sys
import time

import pytest
from PySide6.QtWidgets import QMessageBox

from annotator import paths
from annotator.domain.errors import ValidationError
from annotator.settings import MAX_RECENT, AppSettings, WindowState, migrate

from tests.gui.gui_helpers import _restore_qt_app_state, build_project, open_app  # noqa: E402,F401


# --- settings -----------------------------------------------------------------------------------
def test_settings_round_trip_and_atomic_save(tmp_path):
    s = AppSettings(coder_name="  Ana  ", theme="dark", snap_to_words=False)
    for i in range(MAX_RECENT + 3):
        s.add_recent(tmp_path / f"p{i}.annotator")
    s.add_recent(tmp_path / "p3.annotator")
    s.window.geometry = WindowState.encode(b"\x00\x01binary")
    path = s.save()
    assert path.parent == paths.config_dir()
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    back = AppSettings.load()
    assert back == s and back.coder_name == "Ana"
    assert back.recent_projects[0].endswith("p3.annotator")
    assert len(back.recent_projects) == MAX_RECENT
    assert WindowState.decode(back.window.geometry) == b"\x00\x01binary"
    assert WindowState.decode("not base64!") == b""


def test_damaged_or_old_settings_files(tmp_path):
    path = AppSettings.default_path()
    path.write_text("{not json", encoding="utf-8")
    assert AppSettings.load() == AppSettings()
    assert path.with_name(path.name + ".bad").exists()
    path.write_text(json.dumps({"schema_version": 1, "coder": "Bo", "geometry": "AAE=",
                                "unknown": 3}), encoding="utf-8")
    s = AppSettings.load()
    assert s.coder_name == "Bo" and s.window.geometry == "AAE=" and s.schema_version == 2
    path.write_text(json.dumps({"theme": "purple"}), encoding="utf-8")
    assert AppSettings.load().theme == "light"
    with pytest.raises(ValueError):
        migrate([1, 2])


# --- errors -------------------------------------------------------------------------------------
def test_error_dialog_is_readable_with_details(qtbot):
    from annotator.gui.errors import show_error, user_message

    box = show_error(None, ValidationError("a coder needs a name"))
    qtbot.addWidget(box)
    assert box.text() == "A coder needs a name."
    assert box.informativeText() == "Nothing was changed."
    assert "ValidationError" in box.detailedText()
    box.close()
    try:
        raise KeyError("boom")
    except KeyError as exc:
        what, todo = user_message(exc)
        box = show_error(None, exc)
        qtbot.addWidget(box)
    assert what == "Something went wrong inside annotator." and "log" in todo
    assert "Traceback" not in box.text() and "Traceback" in box.detailedText()
    box.close()


def test_excepthook_logs_and_shows_a_dialog(qtbot, monkeypatch):
    from annotator.gui import errors

    shown = []
    monkeypatch.setattr(errors, "show_error", lambda parent, exc, details="": shown.append(
        (exc, details)))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)
    errors.install_excepthook()
    try:
        raise RuntimeError("unexpected")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert shown and "RuntimeError: unexpected" in shown[0][1]
    logger = errors.logging.getLogger("annotator")
    for h in list(logger.handlers):
        h.flush()
    log = (paths.log_dir() / "annotator.log").read_text(encoding="utf-8")
    assert "unexpected" in log
    for h in list(logger.handlers):  # leave logging as other tests expect it
        if isinstance(h, errors.RotatingFileHandler):
            logger.removeHandler(h)
            h.close()
    logger.setLevel(errors.logging.NOTSET)


def test_a_finalizer_failing_after_a_full_disk_is_logged_not_echoed(qtbot, monkeypatch, capsys,
                                                                     caplog):
    from annotator.gui import errors

    passed_on = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(sys, "unraisablehook", lambda info: passed_on.append(info.exc_value))
    errors.install_excepthook()

    class Stream:  # a library's writer whose finalizer writes again
        def __init__(self, exc: BaseException) -> None:
            self.exc = exc

        def __del__(self) -> None:
            raise self.exc

    with caplog.at_level(errors.logging.WARNING, logger="annotator.gui"):
        Stream(OSError(28, "No space left on device"))
        Stream(ValueError("I/O operation on closed file."))
    assert "Exception ignored" not in capsys.readouterr().err
    assert passed_on == []
    assert sum("after a failed write" in r.getMessage() for r in caplog.records) == 2
    other = RuntimeError("a real bug")
    Stream(other)
    assert passed_on == [other]  # anything else goes on to the usual hook
    logger = errors.logging.getLogger("annotator")
    for h in list(logger.handlers):  # leave logging as other tests expect it
        if isinstance(h, errors.RotatingFileHandler):
            logger.removeHandler(h)
            h.close()
    logger.setLevel(errors.logging.NOTSET)


# --- workers ------------------------------------------------------------------------------------
def test_worker_delivers_progress_and_result_on_gui_thread(qtbot):
    import threading

    from annotator.gui.workers import Runner

    runner = Runner()
    seen: list[tuple[int, int, str]] = []
    main = threading.get_ident()
    threads = []

    def job(progress, cancelled):  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        for i in range(3):
            progress(i + 1, 3, f"step {i}")
        return "done"

    task = runner.start(job)
    task.progress.connect(lambda a, b, m: seen.append((a, b, m)))
    with qtbot.waitSignal(task.finished, timeout=5000) as sig:
        pass
    assert sig.args == ["done"]
    assert threads[0] != main
    qtbot.waitUntil(lambda: len(seen) == 3)


def test_worker_cancel_and_failure(qtbot):
    from annotator.gui.workers import Runner

    runner = Runner()

    def slow(progress, cancelled):  # type: ignore[no-untyped-def]
        for _ in range(500):
            if cancelled():
                return "cancelled"
            time.sleep(0.01)
        return "finished"

    task = runner.start(slow)
    task.cancel()
    with qtbot.waitSignal(task.finished, timeout=5000) as sig:
        pass
    assert sig.args == ["cancelled"]
    bad = runner.start(lambda p, c: 1 / 0)
    with qtbot.waitSignal(bad.failed, timeout=5000) as sig:
        pass
    assert isinstance(sig.args[0], ZeroDivisionError) and "ZeroDivisionError" in sig.args[1]


# --- application --------------------------------------------------------------------------------
def test_start_screen_lists_recent_projects_and_opens_one(qtbot, tmp_path):
    from annotator.gui.app import App

    built = build_project(tmp_path)
    settings = AppSettings(coder_name="alice")
    settings.add_recent(built.path)
    settings.add_recent(tmp_path / "gone.annotator")  # missing files are not offered
    app = App(settings, ask_coder=False)
    qtbot.addWidget(app.window)
    app.show_start()
    assert app.start is not None and app.start.recent.count() == 1
    assert not app.window.toolbar.isVisibleTo(app.window)
    item = app.start.recent.item(0)
    app.start.recent.itemActivated.emit(item)
    qtbot.waitUntil(lambda: app.workbench is not None, timeout=10000)
    assert app.window.toolbar.isVisibleTo(app.window)
    assert app.workbench.documents.model.rowCount() == 1
    app.window.close()
    saved = AppSettings.load()
    assert saved.window.geometry and saved.window.state  # layout persists


def test_opening_a_bad_file_shows_an_error_not_a_traceback(qtbot, tmp_path):
    from annotator.gui.app import App

    bad = tmp_path / "bad.annotator"
    bad.write_bytes(b"this is not a database")
    app = App(AppSettings(coder_name="alice"), ask_coder=False)
    qtbot.addWidget(app.window)
    app.open_project(bad, background=False)
    assert app.workbench is None
    box = app.last_error
    assert isinstance(box, QMessageBox) and box.text() and "Traceback" not in box.text()
    box.close()


def test_import_runs_in_a_worker_and_opens_the_document(qtbot, tmp_path, open_app):
    built = build_project(tmp_path)
    app = open_app(built)
    src = tmp_path / "note.txt"
    src.write_text("Report title\n\nA paragraph about detention.\n", encoding="utf-8")
    before = app.workbench.documents.model.rowCount()
    task = app.import_files([str(src)])
    qtbot.waitUntil(lambda: task.is_done, timeout=20000)
    qtbot.waitUntil(lambda: len(app.workbench.controller.project.documents()) == 2)
    assert app.workbench.documents.model.rowCount() >= before


def test_dark_theme_switch_is_remembered(qtbot, tmp_path, open_app):
    from PySide6.QtWidgets import QApplication

    built = build_project(tmp_path)
    app = open_app(built)
    app.window.actions_.theme_dark.trigger()
    assert QApplication.instance().palette().window().color().lightness() < 80
    assert AppSettings.load().theme == "dark"
    app.window.actions_.theme_light.trigger()
    assert QApplication.instance().palette().window().color().lightness() > 200


def test_sample_project_opens_from_the_start_screen(qtbot):
    from annotator.gui.app import App

    from annotator.services.sample import sample_manifest

    assert sample_manifest()["documents"]  # a broken sample fails here, never a skip
    app = App(AppSettings(coder_name="Amira"), ask_coder=False)
    qtbot.addWidget(app.window)
    app.show_start()
    app.start.sample_button.click()
    qtbot.waitUntil(lambda: app.workbench is not None, timeout=60000)
    wb = app.workbench
    assert wb.controller.project.documents()
    assert len(wb.codebook.model) > 0
    assert wb.controller.coder.name == "Amira"
    app.window.close()


def test_the_last_open_document_is_reopened(qtbot, tmp_path, open_app):
    built = build_project(tmp_path)
    app = open_app(built)
    app.workbench.open_document(built.docs["astral"])
    app.window.close()  # settings are saved on close
    from annotator.gui.app import App

    again = App(AppSettings.load(), ask_coder=False)
    qtbot.addWidget(again.window)
    again.open_project(built.path, background=False)
    assert again.workbench.session.document_id == built.docs["astral"]
    assert "Astral test" in again.window.windowTitle()
    again.window.close()


def test_agreement_tools_open_from_the_analysis_menu_and_close_with_the_project(
        qtbot, tmp_path, open_app):
    built = build_project(tmp_path, coders=("alice", "bob"))
    app = open_app(built)
    app.window.actions_.agreement.trigger()
    tools = getattr(app.window, "_agreement_tools", None)
    assert tools is not None and tools.docks["agreementDock"].isVisibleTo(app.window)
    app.close_project()
    assert not hasattr(app.window, "_agreement_tools")
