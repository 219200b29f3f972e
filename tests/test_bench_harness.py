"""The benchmark harness is honest: every line passes or fails, failures set the exit status,
and neither the tests nor the benchmarks edit the import path."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from bench._harness import Result

REPO = Path(__file__).resolve().parents[1]


def test_a_line_is_ok_only_within_its_limit_or_when_informational() -> None:
    assert Result("a", 1.0, "s", 2.0).ok is True
    assert Result("a", 3.0, "s", 2.0).ok is False
    assert Result("a", 3.0, "x", 2.0, higher_is_better=True).ok is True
    line = json.loads(Result("a", 3.0, "s", informational="a comparison").to_json())
    assert line["ok"] is True and line["informational"] is True and line["reason"]
    bare = json.loads(Result("a", 3.0, "s").to_json())  # neither a limit nor a reason
    assert bare["ok"] is False and "neither a limit" in bare["error"]


def test_a_benchmark_that_cannot_run_fails_loudly() -> None:
    line = json.loads(Result.failed("x.y", "corpus not found").to_json())
    assert line == {"name": "x.y", "value": None, "unit": "", "limit": None, "ok": False,
                    "error": "corpus not found"}
    assert json.loads(Result("x", float("nan"), "s", 1.0).to_json())["ok"] is False


def test_python_m_bench_exits_non_zero_when_a_line_fails() -> None:
    proc = subprocess.run([sys.executable, "-m", "bench", "--only", "no.such.benchmark"],
                          cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    lines = [json.loads(x) for x in proc.stdout.splitlines() if x.strip()]
    assert proc.returncode == 1, proc.stderr
    assert lines[-1]["ok"] is False and "no benchmark" in lines[-1]["error"]
    assert all(line.get("ok") is not None for line in lines[1:])


def test_only_selects_the_module_by_line_prefix() -> None:
    from bench.__main__ import _select

    mods = ["bench_import", "bench_workbench", "bench_workbench_app"]
    assert _select(mods, "workbench.app.corpus.open") == (["bench_workbench_app"],
                                                          "workbench.app.corpus.open")
    assert _select(mods, "workbench.view.synthetic") == (["bench_workbench"],
                                                         "workbench.view.synthetic")
    assert _select(mods, "import") == (["bench_import"], None)


def test_no_import_path_edits_in_tests_or_bench() -> None:
    pattern = re.compile(r"\bsys\s*\.\s*path\s*(\.\s*(insert|append|extend)\b|\+?=)")
    offenders = [f"{p.relative_to(REPO)}:{n}" for folder in ("tests", "bench")
                 for p in sorted((REPO / folder).rglob("*.py"))
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if pattern.search(line)]
    assert not offenders, f"import path edited (use packages: tests.gui..., bench...): {offenders}"
