"""Shared by the team tests: a small origin project, package editing, order-free dumps."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.domain.text import text_sha256
from annotator.services.codebook_commands import AddCode
from annotator.services.coding_commands import ApplyCode
from annotator.services.project import Project
from annotator.services.team import make_package
from annotator.storage.schema import metadata

TEXTS = {
    "alpha": ("Executive Summary\n\nPolice detained 😀 journalists after the protest.\n\n"
              "Courts convicted 𝑴 activists without fair trials.\n"),
    "beta": ("Section 2. Civil Liberties\n\nThe government censored newspapers.\n\n"
             "Torture was reported in several prisons.\n"),
}


def add_text(project: Project, title: str, text: str) -> int:
    with project.store.begin() as tx:
        return tx.add_document(title=title, country="Testland", year=2020,
                               source_name=f"{title}.txt", source_type="txt", text=text,
                               sha256=text_sha256(text), is_report=False, segs=[]).id


def span(text: str, needle: str) -> tuple[int, int]:
    s = text.index(needle)
    return s, s + len(needle)


def build_origin(path: Path) -> dict[str, Any]:
    """Two documents, a two-level codebook, three coders and a few codings by alice and bob.

    Returns names -> uuids ("codes", "codings") and document ids ("docs").
    """
    p = Project.create(path)
    try:
        info: dict[str, Any] = {"codes": {}, "codings": {}, "docs": {}}
        for title, text in TEXTS.items():
            info["docs"][title] = add_text(p, title, text)
        p.use_coder("owner", role="owner")
        rights = p.execute(AddCode("Rights", codable=False)).result.uuid
        info["codes"]["Rights"] = rights
        for name in ("Arrest", "Trial", "Censorship", "Torture"):
            info["codes"][name] = p.execute(AddCode(name, rights)).result.uuid
        info["codes"]["Other"] = p.execute(AddCode("Other")).result.uuid
        for coder, doc, needle, code in (
                ("alice", "alpha", "detained", "Arrest"),
                ("alice", "beta", "censored", "Censorship"),
                ("bob", "alpha", "convicted", "Trial"), ("bob", "beta", "Torture", "Torture")):
            p.use_coder(coder)
            s, e = span(TEXTS[doc], needle)
            c = p.execute(ApplyCode(info["docs"][doc], s, e, info["codes"][code])).result
            info["codings"][f"{coder}:{needle}"] = c.uuid
        return info
    finally:
        p.close()


def open_as(path: Path, coder: str) -> Project:
    p = Project.open(path, backup=False)
    p.use_coder(coder)
    return p


def canonical(project: Project) -> dict[str, list[str]]:
    """Every table but the event log, with row ids replaced by the referenced uuids, sorted:
    equal for two projects that hold the same things whatever order rows were written in."""
    raw = project.store.dump()
    uuid_of: dict[str, dict[int, str]] = {}
    for name, table in metadata.tables.items():
        cols = [c.name for c in table.columns]
        if "uuid" in cols and "id" in cols:
            i, j = cols.index("id"), cols.index("uuid")
            uuid_of[name] = {r[i]: r[j] for r in raw[name]}
    out: dict[str, list[str]] = {}
    for name, table in metadata.tables.items():
        if name == "events":
            continue
        cols = [c.name for c in table.columns]
        fks = {c.name: next(iter(c.foreign_keys)).column.table.name
               for c in table.columns if c.foreign_keys}
        rows = []
        for r in raw[name]:
            row = []
            for col, value in zip(cols, r, strict=True):
                if col == "id":
                    continue
                if col in fks and value is not None:
                    value = uuid_of[fks[col]].get(value, value)
                row.append((col, value))
            rows.append(repr(row))
        out[name] = sorted(rows)
    return out


def codings_of(project: Project) -> dict[str, dict[str, Any]]:
    with project.read() as tx:
        return tx.coding_records()


def codes_of(project: Project) -> dict[str, dict[str, Any]]:
    with project.read() as tx:
        return tx.code_records()


@dataclass
class Origin:
    path: Path
    info: dict[str, Any]
    folder: Path

    def open(self) -> Project:
        return Project.open(self.path, backup=False)

    def package(self, coder: str, *, blind: bool = False, documents: Any = "all",
                name: str | None = None) -> Path:
        out = self.folder / (name or f"{coder}.annotator-pkg")
        with self.open() as p:
            make_package(p, out, coder, documents, blind=blind)
        return out

    def code(self, name: str) -> str:
        return self.info["codes"][name]

    def coding(self, key: str) -> str:
        return self.info["codings"][key]
