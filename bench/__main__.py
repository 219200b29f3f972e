"""``python -m bench [--only NAME] [--list]``."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sqlite3
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


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
    ap.add_argument("--only", help="run one benchmark module (e.g. import) or result name prefix")
    ap.add_argument("--list", action="store_true", help="list benchmark modules")
    args = ap.parse_args(argv)
    mods = _modules()
    if args.list:
        print("\n".join(m.removeprefix("bench_") for m in mods))
        return 0
    print(_header(), flush=True)
    failed = False
    for name in mods:
        short = name.removeprefix("bench_")
        if args.only and args.only not in (short, name) and not args.only.startswith(short + "."):
            continue
        mod = importlib.import_module(f"bench.{name}")
        for res in mod.run():
            if args.only and args.only.startswith(short + ".") and res.name != args.only:
                continue
            print(res.to_json(), flush=True)
            failed |= res.ok is False
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
