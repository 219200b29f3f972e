"""``python -m bench [--only NAME] [--list]``: one JSON line per result; exit status 1 when any
line failed (over its limit, or a benchmark that could not run).

Run it as a module from the checkout (or wherever the ``bench`` package is importable); it never
edits ``sys.path``."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from bench._harness import Result

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _modules() -> list[str]:
    here = Path(__file__).resolve().parent
    return sorted(p.stem for p in here.glob("bench_*.py"))


def _header() -> str:
    try:
        import PySide6
        qt = PySide6.__version__
    except Exception:  # noqa: BLE001 - benchmarks run without Qt too
        qt = None
    return json.dumps({"machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                                   "platform": platform.platform(), "qt": qt,
                                   "sqlite": sqlite3.sqlite_version}})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    ap.add_argument("--only", help="run one benchmark module (e.g. import), or the lines whose "
                                   "name is or starts with NAME (e.g. workbench.app.corpus)")
    ap.add_argument("--list", action="store_true", help="list benchmark modules")
    args = ap.parse_args(argv)
    mods = _modules()
    if args.list:
        print("\n".join(m.removeprefix("bench_") for m in mods))
        return 0
    print(_header(), flush=True)
    failed = False
    selected, prefix = _select(mods, args.only)
    printed = 0
    for name in selected:
        for res in _results(name):
            if prefix and res.name != prefix and not res.name.startswith(prefix + "."):
                continue
            print(res.to_json(), flush=True)
            printed += 1
            failed |= res.ok is not True
    if args.only and not printed:
        print(Result.failed(args.only, "no benchmark module or line has this name "
                                       "(see --list)").to_json(), flush=True)
        failed = True
    return 1 if failed else 0


def _select(mods: list[str], only: str | None) -> tuple[list[str], str | None]:
    """Modules to run and the line-name prefix to keep, for ``--only``.

    ``--only import`` (or ``bench_import``) runs a module; ``--only workbench.app.corpus.open``
    runs the module whose lines carry that prefix (the longest match: bench_workbench_app
    writes ``workbench.app.*``) and keeps only the lines named by it.
    """
    if not only:
        return mods, None
    for name in mods:
        if only in (name, name.removeprefix("bench_")):
            return [name], None
    best: list[str] = []
    width = -1
    for name in mods:
        short = name.removeprefix("bench_")
        for stem in {short, short.replace("_", ".")}:
            if (only == stem or only.startswith(stem + ".")) and len(stem) > width:
                best, width = [name], len(stem)
    return best, only


def _results(module: str) -> Iterator[Result]:
    """The module's results; an import error or a crash midway becomes a failed line."""
    short = module.removeprefix("bench_")
    try:
        mod = importlib.import_module(f"bench.{module}")
        yield from mod.run()
    except Exception as exc:  # noqa: BLE001 - reported as a failed line, never hidden
        first = (str(exc).strip().splitlines() or [""])[0]
        yield Result.failed(f"{short}.error", f"{type(exc).__name__}: {first}")


if __name__ == "__main__":
    raise SystemExit(main())
