"""The built wheel carries resources/ and the sample project, and finds them once installed."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation",
                           "--outdir", str(out), str(REPO)], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    wheels = list(out.glob("annotator-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


def test_wheel_contains_resources(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("annotator/resources/codebooks/") for n in names), names[:20]
    assert "annotator/projects/sample/manifest.json" in names
    assert any(n.startswith("annotator/storage/migrations/versions/0001") for n in names)
    assert not any(n.startswith("tests/") for n in names)


def test_installed_wheel_reads_a_shipped_resource(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
                   check=True, capture_output=True)
    code = ("from annotator.resources import resource_path, sample_path; "
            "p = resource_path('codebooks'); m = sample_path('sample', 'manifest.json'); "
            "print(p); print(sorted(x.name for x in p.iterdir())[0]); print(m.is_file())")
    proc = subprocess.run([str(py), "-c", code], capture_output=True, text=True, cwd=tmp_path,
                          check=True)
    where, first, sample_ok = proc.stdout.split("\n")[:3]
    assert str(env_dir) in where and "site-packages" in where
    assert first.endswith(".json")
    assert sample_ok == "True"
