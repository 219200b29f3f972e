"""Can the window open? Checked before any Qt module is imported.

Qt aborts the whole process ("could not load the Qt platform plugin xcb") when the platform
plugin's system libraries are missing or no display can be reached. This module finds that out
first, without importing PySide6, and returns one readable line instead:

- ``QT_QPA_PLATFORM`` set to anything but ``xcb``/``wayland`` (``offscreen``, ``minimal``, ...)
  or a platform other than Linux: nothing is checked;
- the libraries of the plugin that would be used must resolve (``ldd`` on the plugin file; a
  ``dlopen`` when ``ldd`` is absent); a missing one is named with the package that installs it;
- the display must answer: ``xcb_connect`` to ``$DISPLAY``, or the ``$WAYLAND_DISPLAY`` socket.

Pure standard library; :func:`check` takes its inputs as arguments so tests can simulate a
machine without the libraries or without a display.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

#: shared library -> (Debian/Ubuntu package, Fedora package), for everything the PySide6 xcb
#: and wayland plugins load from the system (``readelf -d`` of the plugins and Qt libraries).
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libwayland-client.so.0": ("libwayland-client0", "libwayland-client"),
    "libwayland-cursor.so.0": ("libwayland-cursor0", "libwayland-cursor"),
    "libwayland-egl.so.1": ("libwayland-egl1", "libwayland-egl"),
}

OFF = frozenset({"offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs", "vkkhrdisplay"})

MissingFinder = Callable[[Path], list[str]]
Connector = Callable[[str], bool]


def plugin_dir() -> Path | None:
    """PySide6's ``plugins/platforms`` folder, found without importing PySide6."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for base in spec.submodule_search_locations:
        for sub in ("Qt/plugins/platforms", "plugins/platforms"):
            p = Path(base) / sub
            if p.is_dir():
                return p
    return None


def missing_libraries(plugin: Path) -> list[str]:
    """Shared libraries ``plugin`` needs (directly or not) that the loader cannot find."""
    ldd = shutil.which("ldd")
    if ldd:
        try:
            out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True,
                                 timeout=20, check=False).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        if out:
            return sorted({line.split("=>")[0].strip() for line in out.splitlines()
                           if "not found" in line})
    try:  # no ldd: dlopen names the first missing library only
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        first = str(exc).split(":", 1)[-1].strip().split(":")[0].strip()
        return [first or str(exc)]
    return []


def x_display_answers(display: str) -> bool:
    """Whether an X server accepts a connection on ``display`` (xcb_connect, then close)."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return False
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    conn = xcb.xcb_connect(display.encode(), None)
    if not conn:
        return False
    try:
        return xcb.xcb_connection_has_error(conn) == 0
    finally:
        xcb.xcb_disconnect(conn)


def _wayland_socket(env: Mapping[str, str]) -> Path:
    name = env.get("WAYLAND_DISPLAY", "")
    if name.startswith("/"):
        return Path(name)
    return Path(env.get("XDG_RUNTIME_DIR", "/run/user/%d" % os.getuid())) / name


def _distro(os_release: str) -> str:
    ids: set[str] = set()
    for line in os_release.splitlines():
        key, _, value = line.partition("=")
        if key in ("ID", "ID_LIKE"):
            ids.update(value.strip().strip('"').lower().split())
    if ids & {"debian", "ubuntu"}:
        return "debian"
    if ids & {"fedora", "rhel", "centos"}:
        return "fedora"
    return ""


def install_hint(libs: list[str], os_release: str | None = None) -> str:
    """The command that installs ``libs`` on this system (Debian/Ubuntu, Fedora, or both)."""
    if os_release is None:
        try:
            os_release = Path("/etc/os-release").read_text(encoding="utf-8", errors="replace")
        except OSError:
            os_release = ""
    deb = sorted({PACKAGES[lib][0] for lib in libs if lib in PACKAGES})
    rpm = sorted({PACKAGES[lib][1] for lib in libs if lib in PACKAGES})
    unknown = [lib for lib in libs if lib not in PACKAGES]
    apt = f"sudo apt-get install {' '.join(deb)}" if deb else ""
    dnf = f"sudo dnf install {' '.join(rpm)}" if rpm else ""
    distro = _distro(os_release)
    parts = [apt] if distro == "debian" else [dnf] if distro == "fedora" else [
        f"Debian/Ubuntu: {apt}" if apt else "", f"Fedora: {dnf}" if dnf else ""]
    hint = "; ".join(p for p in parts if p)
    if unknown:
        hint = (hint + "; " if hint else "") + "and the packages that provide " + \
            ", ".join(unknown)
    return hint


def _platforms(env: Mapping[str, str]) -> list[str] | None:
    """Plugins Qt would try, in order; None when no check applies."""
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        names = [n.split(":")[0].strip().lower() for n in chosen.split(";") if n.strip()]
        if any(n not in ("xcb", "wayland", "wayland-egl") for n in names):
            return None
        return ["wayland" if n.startswith("wayland") else n for n in names]
    found = []
    if env.get("WAYLAND_DISPLAY"):
        found.append("wayland")
    if env.get("DISPLAY"):
        found.append("xcb")
    return found


def check(env: Mapping[str, str] | None = None, *, platform: str | None = None,
          plugins: Path | None = None, find_missing: MissingFinder | None = None,
          connect: Connector | None = None, os_release: str | None = None) -> str | None:
    """None when the window can open, otherwise one line saying why not and what to do."""
    env = os.environ if env is None else env
    find_missing = find_missing or missing_libraries
    connect = connect or x_display_answers
    if not (platform or sys.platform).startswith("linux"):
        return None
    names = _platforms(env)
    if names is None:
        return None
    if not names:
        return ("cannot open the window: no display to connect to (neither DISPLAY nor "
                "WAYLAND_DISPLAY is set); run it inside a desktop session, or use the "
                "command line (annotator --help)")
    plugins = plugins or plugin_dir()
    if plugins is None:
        return None  # PySide6 itself is missing: its ImportError says so
    problems: list[str] = []
    for name in names:
        problem = _check_one(name, env, plugins, find_missing, connect, os_release)
        if problem is None:
            return None
        problems.append(problem)
    xcb = [p for n, p in zip(names, problems, strict=True) if n == "xcb"]
    return "cannot open the window: " + (xcb[0] if xcb else problems[0])


def _check_one(name: str, env: Mapping[str, str], plugins: Path, find_missing: MissingFinder,
               connect: Connector, os_release: str | None) -> str | None:
    plugin = plugins / ("libqxcb.so" if name == "xcb" else "libqwayland.so")
    if not plugin.exists():
        plugin = next(iter(sorted(plugins.glob(f"libq{name}*.so"))), plugin)
    if not plugin.exists():
        return f"the Qt platform plugin {name} is not installed in {plugins}"
    libs = find_missing(plugin)
    if libs:
        return (f"the Qt platform plugin {name} needs system libraries that are missing "
                f"({', '.join(libs)}); install them with: {install_hint(libs, os_release)}")
    if name == "xcb":
        display = env.get("DISPLAY", "")
        if not display:
            return "no X display to connect to (DISPLAY is not set)"
        if not connect(display):
            return (f"cannot connect to the X display {display!r} (from DISPLAY); is the "
                    "desktop session running and may this user use it?")
        return None
    sock = _wayland_socket(env)
    if not env.get("WAYLAND_DISPLAY") or not sock.exists():
        return f"cannot connect to the Wayland display {str(sock)!r} (from WAYLAND_DISPLAY)"
    return None


_passed = False


def ensure_window_can_open() -> int | None:
    """Print the reason and return 1 when the window cannot open; None when it can."""
    global _passed
    problem = None if _passed else check()
    if problem is None:
        _passed = True
        return None
    print(f"annotator: {problem}", file=sys.stderr)
    return 1
