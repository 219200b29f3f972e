"""Entry point: no arguments (or ``gui``) opens the app, ``demo`` opens the sample project,
anything else is the command line.

Before the app imports Qt, :mod:`annotator.gui.platform_check` makes sure the window can open
(platform plugin libraries present, a display that answers); otherwise one line says why and
the exit status is 1, instead of Qt aborting the process.
"""

from __future__ import annotations

import sys


def _window_blocked() -> int | None:
    from annotator.gui.platform_check import ensure_window_can_open

    return ensure_window_can_open()


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("gui", "open"):
        return gui(args[1:])
    if args[0] == "demo" and "--help" not in args and "-h" not in args:
        if "--no-gui" not in args and (blocked := _window_blocked()) is not None:
            return blocked
        from annotator.services.sample import ensure_demo_project

        path = ensure_demo_project(fresh="--fresh" in args)
        if "--no-gui" in args:
            print(path)
            return 0
        from annotator.gui.app import main as gui_main

        return gui_main([str(path)])
    from annotator.cli import main as cli_main

    return cli_main(args)


def gui(argv: list[str] | None = None) -> int:
    """The app (the ``annotator-gui`` launcher): check the platform, then import Qt."""
    args = list(sys.argv[1:] if argv is None else argv)
    if (blocked := _window_blocked()) is not None:
        return blocked
    from annotator.gui.app import main as gui_main

    return gui_main(args)


if __name__ == "__main__":
    raise SystemExit(main())
