"""Layer contracts (import-linter) and the module-size budget."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_import_contracts_hold() -> None:
    exe = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(exe), "--no-cache"], capture_output=True, text=True, cwd=REPO,
                          check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "0 broken" in out, out


def test_modules_stay_small() -> None:
    too_big = {str(p.relative_to(REPO)): n for p in (REPO / "annotator").rglob("*.py")
               if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500
               and "migrations/versions" not in str(p)}
    assert not too_big, f"split these modules (over 500 lines): {too_big}"


def test_cli_does_not_load_qt() -> None:
    code = ("import sys; from annotator.cli import build_parser; build_parser(); "
            "import annotator.services.importing.pipeline; "
            "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt loaded'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)
