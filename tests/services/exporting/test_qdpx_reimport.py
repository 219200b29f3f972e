"""Round trips through other programs: re-imported codings are recognised whatever their GUID,
coding memos reach QualCoder (selection Description) and come back once, and codes that share
a name under different parents stay apart."""

from __future__ import annotations

import re
import uuid
import zipfile
from pathlib import Path

from lxml import etree

from annotator.services.exchange.qdpx_export import export_qdpx
from annotator.services.exchange.qdpx_import import import_qdpx
from annotator.services.exchange.qdpx_schema import project_schema
from annotator.services.project import Project

NS = {"q": "urn:QDA-XML:project:1.0"}


def as_qualcoder(src: Path, out: Path) -> Path:
    """Our export as QualCoder re-exports it: new GUIDs for every selection and coding, no
    annotator/ folder, no Notes for coding memos (it keeps only the Description)."""
    with zipfile.ZipFile(src) as z:
        members = {n: z.read(n) for n in z.namelist() if not n.startswith("annotator/")}
    root = etree.fromstring(members["project.qde"])
    for el in root.iterfind(".//q:PlainTextSelection", NS):
        el.set("guid", str(uuid.uuid4()))
        for coding in el.iterfind("q:Coding", NS):
            coding.set("guid", str(uuid.uuid4()))
            for ref in coding.iterfind("q:NoteRef", NS):
                coding.remove(ref)
    root.set("origin", "QualCoder 3.6")
    members["project.qde"] = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out


def _codings(project: Project) -> list[tuple]:
    with project.read() as tx:
        return sorted((c.document_id, c.start, c.end, c.code_id, c.coder_id, c.memo)
                      for c in tx.codings())


def test_round_trip_through_qualcoder_adds_nothing(project: Project, tmp_path: Path) -> None:
    before = _codings(project)
    export_qdpx(project, tmp_path / "out.qdpx")
    back = as_qualcoder(tmp_path / "out.qdpx", tmp_path / "back.qdpx")
    report = import_qdpx(project, back)
    assert (report.codings_added, report.codings_present) == (0, len(before))
    assert "0 codings added (6 already present)" in report.summary()
    assert _codings(project) == before
    again = import_qdpx(project, back)  # and a second time
    assert (again.codings_added, again.codings_present) == (0, len(before))


def test_a_new_coding_among_known_ones_is_added(project: Project, tmp_path: Path) -> None:
    export_qdpx(project, tmp_path / "out.qdpx")
    with project.store.begin() as tx:
        (first, *_rest) = tx.codings()
        tx.delete_coding_by_uuid(first.uuid)
    report = import_qdpx(project, as_qualcoder(tmp_path / "out.qdpx", tmp_path / "b.qdpx"))
    assert (report.codings_added, report.codings_present) == (1, 5)


def test_repeats_inside_one_file_are_kept(project: Project, tmp_path: Path) -> None:
    """Only codings the project held before count as present: a file that repeats a coding
    (as its project did) imports both, so round trips stay lossless."""
    export_qdpx(project, tmp_path / "out.qdpx")
    back = as_qualcoder(tmp_path / "out.qdpx", tmp_path / "b.qdpx")
    with zipfile.ZipFile(back) as z:
        members = {n: z.read(n) for n in z.namelist()}
    root = etree.fromstring(members["project.qde"])
    src = root.find(".//q:TextSource", NS)
    sel = src.find("q:PlainTextSelection", NS)
    twin = etree.fromstring(etree.tostring(sel))
    twin.set("guid", str(uuid.uuid4()))
    twin.find("q:Coding", NS).set("guid", str(uuid.uuid4()))
    sel.addnext(twin)
    members["project.qde"] = etree.tostring(root)
    with zipfile.ZipFile(back, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    with Project.create(tmp_path / "fresh.annotator") as fresh:
        report = import_qdpx(fresh, back)
        assert (report.codings_added, report.codings_present) == (7, 0)
    report = import_qdpx(project, back)
    assert (report.codings_added, report.codings_present) == (0, 7)


def test_coding_memo_is_written_twice_and_read_once(project: Project, tmp_path: Path) -> None:
    export_qdpx(project, tmp_path / "out.qdpx", validate=True)
    with zipfile.ZipFile(tmp_path / "out.qdpx") as z:
        root = etree.fromstring(z.read("project.qde"))
    assert project_schema().validate(root)
    users = {u.get("guid") for u in root.iterfind(".//q:User", NS)}
    sources = root.findall(".//q:TextSource", NS)
    assert sources and all(s.get("creatingUser") in users for s in sources)
    assert root.get("creatingUserGUID") in users
    memo_sel = [s for s in root.iterfind(".//q:PlainTextSelection", NS)
                if s.find("q:Description", NS) is not None]
    assert sorted(s.find("q:Description", NS).text for s in memo_sel) == ["=SUM(A1)",
                                                                         "clear case"]
    notes = {n.get("guid"): n.find("q:PlainTextContent", NS).text
             for n in root.iterfind(".//q:Note", NS)}
    for sel in memo_sel:
        refs = [r.get("targetGUID") for r in sel.iterfind("q:Coding/q:NoteRef", NS)]
        assert sel.find("q:Description", NS).text in [notes[r] for r in refs]
    with Project.create(tmp_path / "copy.annotator") as copy:  # both present: one memo
        import_qdpx(copy, tmp_path / "out.qdpx")
        memos = sorted(m for *_x, m in _codings(copy) if m)
    assert memos == ["=SUM(A1)", "clear case"]
    back = as_qualcoder(tmp_path / "out.qdpx", tmp_path / "qc.qdpx")  # Description only
    with Project.create(tmp_path / "qc.annotator") as copy:
        import_qdpx(copy, back)
        assert sorted(m for *_x, m in _codings(copy) if m) == ["=SUM(A1)", "clear case"]


def test_same_name_under_two_parents(project: Project, tmp_path: Path) -> None:
    with project.store.begin() as tx:
        codes = {c.name: c for c in tx.codes()}
        for parent in ("Physical integrity", "Press freedom"):
            tx.add_code(name="Other", parent_id=codes[parent].id, color="#777777", position=9)
    result = export_qdpx(project, tmp_path / "twins.qdpx")
    (note,) = [w for w in result.warnings if "QualCoder keeps only one" in w]
    assert "'Other'" in note
    with Project.create(tmp_path / "twins.annotator") as copy:
        import_qdpx(copy, tmp_path / "twins.qdpx")
        with copy.read() as tx:
            all_codes = tx.codes()
            by_id = {c.id: c for c in all_codes}
            parents = sorted(by_id[c.parent_id].name for c in all_codes if c.name == "Other")
    assert parents == ["Physical integrity", "Press freedom"]
    assert re.search(r"'Other'", note)
