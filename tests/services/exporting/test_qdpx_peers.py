"""Importing hand-made .qdpx files in the style of NVivo, ATLAS.ti, MAXQDA and QualCoder."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from annotator.services.exchange.qdpx_import import import_qdpx
from annotator.services.exchange.qdpx_state import QdpxReport
from annotator.services.project import Project

FIXTURES = Path(__file__).parent / "fixtures" / "qdpx"


def make_qdpx(style: str, out: Path) -> Path:
    """Zip a fixture folder the way the program would (project.qde + sources/)."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for f in sorted((FIXTURES / style).rglob("*")):
            if f.is_file():
                archive.write(f, f.relative_to(FIXTURES / style).as_posix())
    return out


def imported(style: str, tmp_path: Path) -> tuple[Project, QdpxReport]:
    project = Project.create(tmp_path / f"{style}.annotator")
    return project, import_qdpx(project, make_qdpx(style, tmp_path / f"{style}.qdpx"))


def coded(project: Project) -> list[tuple[str, str, str, str, str]]:
    """(document, code path, coder, coded text, memo) for every coding."""
    out = []
    with project.read() as tx:
        codes = {c.id: c for c in tx.codes()}

        def path(cid: int) -> str:
            c = codes[cid]
            return f"{path(c.parent_id)}/{c.name}" if c.parent_id else c.name
        for d in tx.documents():
            text = tx.document_text(d.id)
            for c in tx.codings(document_id=d.id):
                out.append((d.title, path(c.code_id), tx.coder(c.coder_id).name,
                            text[c.start:c.end], c.memo))
    return out


def test_atlas_ti(tmp_path: Path) -> None:
    project, report = imported("atlas", tmp_path)
    with project:
        assert coded(project) == [
            ("Mabel.txt", "Coke/diet Coke", "Friedrich Markgraf", "Coke for breakfast",
             "Mabel is not the only person I know who has Coke for breakfast!"),
            ("Mabel.txt", "Breakfast food", "Sebastian Petrausch",
             "The baby has porridge, I have cornflakes.", ""),
            ("Mabel.txt", "cornflakes", "Sebastian Petrausch",
             "The baby has porridge, I have cornflakes.", ""),
        ]
        assert set(report.coders_added) == {"ATLAS.ti", "Friedrich Markgraf",
                                            "Sebastian Petrausch"}
        with project.read() as tx:
            memos = tx.memos()
            coke = next(c for c in tx.codes() if c.name == "diet Coke")
        assert coke.uuid == "d299efae-5779-46dc-9827-a3d1a5d544bc"  # GUIDs kept, normalised
        assert [(m["target_type"], m["title"]) for m in memos] == [("project", "Research Plan")]
    listed = " ".join(report.not_imported)
    for what in ("picture source", "picture selection", "PDF source", "PDF selection",
                 "video source", "video selection", "link", "set", "graph", "richTextPath"):
        assert what in listed, what
    assert any("path-style names" in w for w in report.warnings)


def test_nvivo_bom_crlf_cases_and_utf16_positions(tmp_path: Path) -> None:
    project, report = imported("nvivo", tmp_path)
    with project:
        docs = {d.title: d for d in project.documents()}
        kaz = docs["Kazakhstan 2019"]
        assert (kaz.country, kaz.year) == ("Kazakhstan", 2019)  # from the case
        assert (docs["Turkey 2020"].country, docs["Turkey 2020"].year) == ("Turkey", 2020)
        text = project.text(kaz.id)
        assert "\r" not in text and not text.startswith("\ufeff")
        rows = coded(project)
        assert rows[:3] == [
            ("Kazakhstan 2019", "Civil liberties/Press freedom", "Amina Diallo",
             "restricted 𝑴 the press", ""),
            ("Kazakhstan 2019", "Civil liberties/Press freedom", "Jonas Berg",
             "restricted 𝑴 the press", ""),
            ("Kazakhstan 2019", "Physical integrity", "Jonas Berg",
             "Journalists were detained.", ""),
        ]
        # NVivo counts UTF-16 units (REFI-QDA says code points): converted, per source.
        assert rows[3:] == [
            ("Turkey 2020", "Physical integrity/Torture", "Amina Diallo",
             "Torture was common in prisons.", ""),
            ("Turkey 2020", "Physical integrity/Torture", "Amina Diallo", "prisons.\n", ""),
        ]
        with project.read() as tx:
            memos = {m["title"]: m for m in tx.memos()}
        assert memos["Source memo"]["target_uuid"] == kaz.uuid
        assert memos["Coding rules"]["target_type"] == "project"
    assert len(report.positions) == 2
    assert all("read as UTF-16 units" in m for m in report.positions)
    assert "NVivo counts this way" in report.positions[0]
    assert "'Turkey 2020'" in report.positions[1] and "2 of 2 selection(s)" in report.positions[1]
    assert not report.skipped
    assert report.positions[0] in report.messages()
    assert "2 × case (only its country and year values were used)" in report.not_imported


def test_maxqda_variables_nfd_whole_document_and_memos(tmp_path: Path) -> None:
    project, report = imported("maxqda", tmp_path)
    with project:
        (doc,) = project.documents()
        assert (doc.country, doc.year) == ("Brazil", 2020)
        text = project.text(doc.id)
        assert text.startswith("Café 😀")  # NFC: one code point shorter than the file
        rows = coded(project)
        assert ("Café owners", "Police/Harassment", "Maria Lopez", "the police harassed them",
                "Reported by three owners.") in rows
        assert ("Café owners", "Police/Arrests", "Maria Lopez", "Nobody was arrested.",
                "") in rows
        whole = next(r for r in rows if r[1] == "Document-level")
        assert whole[3] == text
        with project.read() as tx:
            code_memo = next(m for m in tx.memos() if m["target_type"] == "code")
            police = next(c for c in tx.codes() if c.name == "Police")
            harass = next(c for c in tx.codes() if c.name == "Harassment")
        assert code_memo["target_uuid"] == police.uuid
        assert harass.color == "#FF0000"  # '#F00' expanded
    assert report.not_imported == ["1 × variable value other than country and year"]


def test_qualcoder_slips_are_repaired_or_listed(tmp_path: Path) -> None:
    project, report = imported("qualcoder", tmp_path)
    with project:
        rows = coded(project)
        assert rows == [
            ("interview1.txt", "Detention conditions/Beatings", "user 9a3f2e1d",
             "guards beat the detainees", ""),
            ("inline note", "Detention conditions/Hunger strikes", "default",
             "prisoners went on hunger strike", ""),
        ]
    skipped = "\n".join(report.skipped)
    assert "not UTF-8" in skipped and "latin1.txt" in skipped
    assert "external file" in skipped
    assert "not in the codebook" in skipped
    assert "GUID was already used" in skipped
    assert "beyond the source text" in skipped
    assert any("schema" in w for w in report.warnings)


@pytest.mark.parametrize("style", ["atlas", "nvivo", "maxqda", "qualcoder"])
def test_every_style_reexports_valid_xml(style: str, tmp_path: Path) -> None:
    from lxml import etree

    from annotator.services.exchange.qdpx_export import export_qdpx
    from annotator.services.exchange.qdpx_schema import project_schema

    project, _ = imported(style, tmp_path)
    with project:
        export_qdpx(project, tmp_path / "again.qdpx")
    with zipfile.ZipFile(tmp_path / "again.qdpx") as z:
        assert project_schema().validate(etree.fromstring(z.read("project.qde")))
