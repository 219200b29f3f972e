"""Entry point: no arguments (or ``gui``) opens the app, ``demo`` opens the sample project,
anything else is the command line."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("gui", "open"):
        from annotator.gui.app import main as gui_main

        return gui_main(args[1:])
    if args[0] == "demo" and "--help" not in args and "-h" not in args:
        from annotator.services.sample import ensure_demo_project

        path = ensure_demo_project(fresh="--fresh" in args)
        if "--no-gui" in args:
            print(path)
            return 0
        from annotator.gui.app import main as gui_main

        return gui_main([str(path)])
    from annotator.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    raise SystemExit(main())
