"""Export → import → export loses nothing; importing into a non-empty project merges."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from sqlalchemy import text

from annotator.services.exchange.qdpx_export import export_qdpx
from annotator.services.exchange.qdpx_import import import_qdpx
from annotator.services.importing.pipeline import import_files
from annotator.services.project import Project


def _comparable_qde(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = z.read("project.qde").decode("utf-8")
    xml = re.sub(r' (creationDateTime|modifiedDateTime)="[^"]*"', "", xml)
    # The <Project name> is the receiving project's own name.
    return re.sub(r'(<Project [^>]*?) name="[^"]*"', r"\1", xml, count=1)


def _model(project: Project) -> dict[str, Any]:
    """Everything our model holds, keyed by stable identities (no row ids, no import times)."""
    with project.read() as tx:
        docs = {d.id: d for d in tx.documents()}
        codes = {c.id: c for c in tx.codes()}
        coders = {c.id: c for c in tx.coders()}
        return {
            "documents": sorted((d.uuid, d.title, d.country, d.year, d.source_name,
                                 d.source_type, d.sha256, tx.document_text(d.id),
                                 tuple(tx.segments(d.id))) for d in docs.values()),
            "codes": sorted((c.uuid, codes[c.parent_id].uuid if c.parent_id else None, c.name,
                             c.label, c.definition, c.inclusion, c.exclusion, c.examples,
                             c.atypical_examples, c.color, c.shortcut, c.codable, c.position,
                             c.deprecated, c.attributes) for c in codes.values()),
            "coders": sorted((c.uuid, c.name, c.role, c.is_gold) for c in coders.values()),
            "codings": sorted((c.uuid, docs[c.document_id].uuid, c.start, c.end,
                               codes[c.code_id].uuid, coders[c.coder_id].uuid, c.memo,
                               tuple(sorted(c.attributes.items())), c.created_at,
                               c.modified_at, c.codebook_version) for c in tx.codings()),
            "memos": sorted((m["uuid"], m["target_type"], m["target_uuid"], m["title"],
                             m["text"]) for m in tx.memos()),
        }


def test_round_trip_is_lossless(project: Project, tmp_path: Path) -> None:
    export_qdpx(project, tmp_path / "a.qdpx", validate=True)
    with Project.create(tmp_path / "copy.annotator") as copy:
        report = import_qdpx(copy, tmp_path / "a.qdpx")
        assert not report.skipped and not report.not_imported and not report.warnings
        assert (len(report.documents_added), report.codes_added, report.codings_added) == (2, 5, 6)
        export_qdpx(copy, tmp_path / "b.qdpx", validate=True)
        assert _model(copy) == _model(project)
    assert _comparable_qde(tmp_path / "a.qdpx") == _comparable_qde(tmp_path / "b.qdpx")


def test_round_trip_keeps_codebook_versions(project: Project, tmp_path: Path) -> None:
    with project.store.begin() as tx:
        vid = tx.add_version("v1", {"codes": []})
        for c in tx.codings()[:2]:
            tx.conn.execute(text("UPDATE codings SET codebook_version_id = :v WHERE id = :i"),
                            {"v": vid, "i": c.id})
    export_qdpx(project, tmp_path / "a.qdpx")
    with Project.create(tmp_path / "copy.annotator") as copy:
        import_qdpx(copy, tmp_path / "a.qdpx")
        assert _model(copy)["codings"] == _model(project)["codings"]
        with copy.read() as tx:
            assert [v["name"] for v in tx.versions()] == ["v1"]


def test_importing_the_same_file_twice_adds_nothing(project: Project, tmp_path: Path) -> None:
    export_qdpx(project, tmp_path / "a.qdpx")
    with Project.create(tmp_path / "copy.annotator") as copy:
        import_qdpx(copy, tmp_path / "a.qdpx")
        before = _model(copy)
        again = import_qdpx(copy, tmp_path / "a.qdpx")
        assert _model(copy) == before
        assert len(again.documents_matched) == 2 and not again.documents_added
        assert (again.codes_matched, again.codes_added) == (5, 0)
        assert (again.codings_present, again.codings_added) == (6, 0)
        assert again.coders_matched == ["ann", "bob", "gold"]


def test_merge_matches_text_by_hash_and_codes_by_path(project: Project, tmp_path: Path) -> None:
    """A project that already has one of the texts and the codebook under other ids."""
    export_qdpx(project, tmp_path / "a.qdpx")
    with project.read() as tx:
        kaz_text = tx.document_text(1)
    with Project.create(tmp_path / "other.annotator") as other:
        with other.store.begin() as tx:
            from annotator.domain.text import text_sha256

            mine = tx.add_document(title="My copy", country=None, year=None, source_name="x",
                                   source_type="txt", text=kaz_text,
                                   sha256=text_sha256(kaz_text), is_report=False, segs=[])
            rights = tx.add_code(name="rights", codable=False)  # same path, other case and id
            tx.add_code(name="Press Freedom", parent_id=rights.id)
        report = import_qdpx(other, tmp_path / "a.qdpx")
        assert report.documents_matched == [("2019 Country Reports: Kazakhstan", "My copy")]
        assert [d.title for d in report.documents_added] == ["2020 Country Reports: Turkey"]
        assert report.codes_matched == 2 and report.codes_added == 3
        with other.read() as tx:
            docs = tx.documents()
            assert len(docs) == 2
            press = next(c for c in tx.codes() if c.name == "Press Freedom")
            on_mine = tx.codings(document_id=mine.id)
            assert len(on_mine) == 5
            assert sum(c.code_id == press.id for c in on_mine) == 2
            assert len(tx.codes()) == 5


def test_import_command_dispatches_qdpx(project: Project, tmp_path: Path) -> None:
    export_qdpx(project, tmp_path / "a.qdpx")
    with Project.create(tmp_path / "copy.annotator") as copy:
        report = import_files(copy, [tmp_path / "a.qdpx"])
        assert not report.failed
        assert [d.title for d in report.imported] == ["2019 Country Reports: Kazakhstan",
                                                      "2020 Country Reports: Turkey"]
        assert any("6 codings added" in w for _, w in report.warnings)


def test_round_trip_keeps_memos_about_missing_things(project: Project, tmp_path: Path) -> None:
    with project.store.begin() as tx:
        tx.add_memo("code", "00000000-0000-4000-8000-000000000000", "orphan", None, title="")
    export_qdpx(project, tmp_path / "a.qdpx", validate=True)
    with Project.create(tmp_path / "copy.annotator") as copy:
        import_qdpx(copy, tmp_path / "a.qdpx")
        assert _model(copy)["memos"] == _model(project)["memos"]
