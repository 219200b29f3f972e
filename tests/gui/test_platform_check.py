"""Before Qt loads: a machine without the xcb libraries or without a display gets one line and
exit status 1, never Qt's abort (issue 10, item 4)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import __main__ as entry
from annotator.gui import platform_check as pc

DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n'
FEDORA = 'NAME="Fedora Linux"\nID=fedora\n'
MISSING = ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"]


@pytest.fixture
def plugins(tmp_path: Path) -> Path:
    for name in ("libqxcb.so", "libqwayland.so", "libqoffscreen.so"):
        (tmp_path / name).write_bytes(b"")
    return tmp_path


def test_no_display_is_named(plugins):
    msg = pc.check({}, platform="linux", plugins=plugins, find_missing=lambda p: [])
    assert msg and "no display" in msg and "DISPLAY" in msg and "\n" not in msg


def test_missing_libraries_are_named_with_the_apt_command(plugins):
    msg = pc.check({"DISPLAY": ":0"}, platform="linux", plugins=plugins,
                   find_missing=lambda p: MISSING, connect=lambda d: True, os_release=DEBIAN)
    assert msg is not None and "\n" not in msg
    assert "libxcb-cursor.so.0, libxcb-icccm.so.4, libxcb-keysyms.so.1" in msg
    assert msg.endswith("sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1")


def test_fedora_gets_the_dnf_command_and_unknown_systems_both(plugins):
    kw = dict(platform="linux", plugins=plugins, find_missing=lambda p: MISSING,
              connect=lambda d: True)
    fedora = pc.check({"DISPLAY": ":0"}, os_release=FEDORA, **kw)
    assert fedora.endswith("sudo dnf install xcb-util-cursor xcb-util-keysyms xcb-util-wm")
    other = pc.check({"DISPLAY": ":0"}, os_release="ID=gentoo\n", **kw)
    assert "Debian/Ubuntu: sudo apt-get install" in other and "Fedora: sudo dnf" in other


def test_a_display_that_does_not_answer_is_named(plugins):
    tried = []
    msg = pc.check({"DISPLAY": ":42"}, platform="linux", plugins=plugins,
                   find_missing=lambda p: [], connect=lambda d: tried.append(d) or False)
    assert tried == [":42"] and "cannot connect to the X display ':42'" in msg


def test_a_working_display_passes(plugins):
    assert pc.check({"DISPLAY": ":1"}, platform="linux", plugins=plugins,
                    find_missing=lambda p: [], connect=lambda d: True) is None


@pytest.mark.parametrize("qpa", ["offscreen", "minimal", "vnc"])
def test_offscreen_and_minimal_skip_the_check(plugins, qpa):
    def boom(_p):
        raise AssertionError("must not be checked")

    assert pc.check({"QT_QPA_PLATFORM": qpa}, platform="linux", plugins=plugins,
                    find_missing=boom, connect=boom) is None


def test_wayland_passes_without_xcb_libraries(plugins, tmp_path):
    (tmp_path / "wayland-0").write_text("")
    env = {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_RUNTIME_DIR": str(tmp_path)}
    assert pc.check(env, platform="linux", plugins=plugins, connect=lambda d: True,
                    find_missing=lambda p: MISSING if p.name == "libqxcb.so" else []) is None


def test_other_systems_are_not_checked(plugins):
    assert pc.check({}, platform="darwin", plugins=plugins) is None


def test_the_real_plugin_is_found_and_checked():
    plugins = pc.plugin_dir()
    assert plugins is not None and (plugins / "libqxcb.so").exists()
    missing = pc.missing_libraries(plugins / "libqxcb.so")
    assert all(lib.startswith("lib") and ".so" in lib for lib in missing), missing
    assert set(missing) <= set(pc.PACKAGES), f"no package known for {missing}"


def test_demo_with_missing_libraries_prints_one_line_and_exits_1(monkeypatch, capsys):
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(pc, "_passed", False)
    monkeypatch.setattr(pc, "missing_libraries", lambda p: MISSING)
    monkeypatch.setattr(pc, "x_display_answers", lambda d: True)
    built = []
    monkeypatch.setattr("annotator.services.sample.ensure_demo_project",
                        lambda **kw: built.append(kw))
    assert entry.main(["demo"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("annotator: cannot open the window")
    assert "libxcb-cursor.so.0" in err and "install" in err and not built


def _run(env_extra: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(env_extra)
    return subprocess.run([sys.executable, "-m", "annotator", *args], env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is Linux-only")
def test_no_display_in_a_real_process():
    for args in ((), ("demo",)):
        run = _run({}, *args)
        assert run.returncode == 1, run
        assert run.stderr.count("\n") == 1 and "no display to connect to" in run.stderr
        assert "qt.qpa" not in run.stderr and "Aborted" not in run.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is Linux-only")
def test_unreachable_display_in_a_real_process():
    run = _run({"DISPLAY": ":931"}, "demo")
    assert run.returncode == 1, run
    assert run.stderr.count("\n") == 1 and "cannot open the window" in run.stderr
    assert "':931'" in run.stderr or "missing" in run.stderr
