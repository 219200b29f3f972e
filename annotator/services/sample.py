"""The sample project: built from ``projects/sample/manifest.json`` into the user's data folder.

The shipped sample stays clean and reviewable (plain texts and a manifest); ``annotator demo``
builds a working copy from it, and rebuilds it with ``--fresh``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator import paths
from annotator.domain.errors import AnnotatorError
from annotator.resources import sample_path
from annotator.services.project import Project


def sample_manifest() -> dict[str, Any]:
    return json.loads(sample_path("sample", "manifest.json").read_text(encoding="utf-8"))


def build_sample(target: Path) -> Path:
    """Create the sample project at ``target`` from the shipped manifest."""
    from annotator.services.codebook_commands import AddTemplate
    from annotator.services.coding_commands import ApplyCode
    from annotator.services.importing.pipeline import import_files

    manifest = sample_manifest()
    folder = sample_path("sample")
    tmp = target.with_name(target.name + ".building")
    for suffix in ("", "-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    project = Project.create(tmp)
    try:
        project.use_coder(manifest["owner"], role="owner")
        for template in manifest["templates"]:
            project.execute(AddTemplate(template))
        report = import_files(project, [folder / "sources" / f for f in manifest["documents"]],
                              workers=1)
        if report.failed:
            raise AnnotatorError(f"sample build failed: {report.failed[0][1]}")
        by_source = {d.source_name: d for d in report.imported}
        titles = manifest.get("titles", {})
        if titles:
            with project.store.begin() as tx:
                for source, title in titles.items():
                    tx.rename_document(by_source[source].id, title)
        paths_by_code = _code_paths(project)
        for c in manifest["codings"]:
            doc = by_source[c["document"]]
            text = project.text(doc.id)
            start = _nth(text, c["phrase"], c.get("occurrence", 1))
            project.use_coder(c["coder"])
            project.execute(ApplyCode(doc.id, start, start + len(c["phrase"]),
                                      paths_by_code[c["code"]], memo=c.get("memo", ""),
                                      attributes=c.get("attributes", {})))
        project.use_coder(manifest["owner"])
    finally:
        project.close()
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    tmp.replace(target)
    return target


def _code_paths(project: Project) -> dict[str, str]:
    from annotator.services.codebook import code_paths

    return {path: uuid for uuid, path in code_paths(project).items()}


def _nth(text: str, phrase: str, n: int) -> int:
    pos = -1
    for _ in range(n):
        pos = text.find(phrase, pos + 1)
        if pos < 0:
            raise AnnotatorError(f"sample phrase not found: {phrase[:40]!r}")
    return pos


def ensure_demo_project(fresh: bool = False) -> Path:
    """The user's working copy of the sample project, built on first use."""
    target = paths.data_dir() / "demo" / "sample.annotator"
    target.parent.mkdir(parents=True, exist_ok=True)
    if fresh or not target.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        build_sample(target)
    return target
