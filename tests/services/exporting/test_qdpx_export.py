"""REFI-QDA project export: schema validity, content, reproducibility."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import text

from annotator.services.exchange.qdpx_common import coding_memo_guid
from annotator.services.exchange.qdpx_export import export_qdpx
from annotator.services.exporting.filters import ExportFilter
from annotator.services.project import Project

SHARED_XSD = Path(__file__).resolve().parents[3].parent / "shared/reference/refi-qda/Project.xsd"
NS = {"q": "urn:QDA-XML:project:1.0"}


def _schema() -> etree.XMLSchema:
    path = SHARED_XSD if SHARED_XSD.exists() else (
        Path(__file__).resolve().parents[3] / "resources/refi-qda/Project.xsd")
    return etree.XMLSchema(etree.parse(str(path)))


def _qde(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("project.qde")


def without_timestamps(xml: bytes) -> str:
    return re.sub(r' (creationDateTime|modifiedDateTime)="[^"]*"', "", xml.decode("utf-8"))


def test_project_qde_is_valid_against_the_refi_schema(project: Project, tmp_path: Path) -> None:
    export_qdpx(project, tmp_path / "p.qdpx")
    schema = _schema()
    doc = etree.fromstring(_qde(tmp_path / "p.qdpx"))
    assert schema.validate(doc), schema.error_log


def test_content(project: Project, tmp_path: Path) -> None:
    result = export_qdpx(project, tmp_path / "p.qdpx")
    assert (result.sources, result.codings) == (2, 6)
    with zipfile.ZipFile(tmp_path / "p.qdpx") as z:
        names = z.namelist()
        root = etree.fromstring(z.read("project.qde"))
        docs = project.documents()
        for d in docs:
            assert z.read(f"sources/{d.uuid}.txt").decode("utf-8") == project.text(d.id)
        extras = json.loads(z.read("annotator/extras.json"))
        outline = json.loads(z.read(f"annotator/segments/{docs[0].uuid}.json"))
    assert names[0] == "project.qde" and "annotator/extras.json" in names
    assert [s[1] for s in outline if s[0] != "paragraph"] == ["ES", "1", "1.a", "1.b"]
    users = root.findall("q:Users/q:User", NS)
    assert [u.get("name") for u in users] == ["ann", "bob", "gold"]
    assert root.get("name") == "test project"
    top = root.find("q:CodeBook/q:Codes/q:Code", NS)
    assert (top.get("name"), top.get("isCodable"), top.get("color")) == ("Rights", "false",
                                                                         "#336699")
    assert [c.get("name") for c in top.findall("q:Code", NS)] == ["Physical integrity",
                                                                   "Press freedom"]
    src = root.find("q:Sources/q:TextSource", NS)
    kaz = docs[0]
    assert src.get("guid") == kaz.uuid
    assert src.get("plainTextPath") == f"internal://{kaz.uuid}.txt"
    sels = src.findall("q:PlainTextSelection", NS)
    assert len(sels) == 5
    first = sels[0]
    start, end = int(first.get("startPosition")), int(first.get("endPosition"))
    # Code points, not UTF-16 units:
    assert project.text(kaz.id)[start:end] == "The government 😀 restricted the press."
    coding = first.find("q:Coding", NS)
    ann = next(c for c in project.coders() if c.name == "ann")
    assert coding.get("creatingUser") == ann.uuid
    assert coding.get("guid") != first.get("guid")
    refs = [r.get("targetGUID") for r in coding.findall("q:NoteRef", NS)]
    assert refs[0] == coding_memo_guid(coding.get("guid"))
    notes = {n.get("guid"): n for n in root.findall("q:Notes/q:Note", NS)}
    assert notes[refs[0]].findtext("q:PlainTextContent", namespaces=NS) == "clear case"
    assert notes[refs[1]].findtext("q:PlainTextContent", namespaces=NS) == "Second opinion"
    values = {vv.find("q:VariableRef", NS).get("targetGUID"): vv[1].text
              for vv in src.findall("q:VariableValue", NS)}
    variables = {v.get("name"): v.get("guid") for v in root.findall("q:Variables/q:Variable", NS)}
    assert values[variables["country"]] == "Kazakhstan"
    assert values[variables["year"]] == "2019"
    assert src.find("q:NoteRef", NS) is not None  # the document memo
    assert root.findall("q:NoteRef", NS)  # the project memo
    assert extras["codings"][coding.get("guid")]["attributes"] == {"severity": "high"}
    gold = next(c for c in project.coders() if c.name == "gold")
    assert extras["coders"][gold.uuid] == {"role": "owner", "is_gold": True}


def test_exporting_twice_gives_the_same_xml_apart_from_timestamps(project: Project,
                                                                   tmp_path: Path) -> None:
    export_qdpx(project, tmp_path / "a.qdpx")
    export_qdpx(project, tmp_path / "b.qdpx")
    a, b = _qde(tmp_path / "a.qdpx"), _qde(tmp_path / "b.qdpx")
    assert without_timestamps(a) == without_timestamps(b)
    with zipfile.ZipFile(tmp_path / "a.qdpx") as za, zipfile.ZipFile(tmp_path / "b.qdpx") as zb:
        assert za.namelist() == zb.namelist()
        for name in za.namelist():
            if name != "project.qde":
                assert za.read(name) == zb.read(name), name


def test_filtered_export_keeps_only_selected_documents(project: Project,
                                                       tmp_path: Path) -> None:
    result = export_qdpx(project, tmp_path / "p.qdpx", ExportFilter(country="Turkey"))
    assert (result.sources, result.codings) == (1, 1)
    root = etree.fromstring(_qde(tmp_path / "p.qdpx"))
    assert len(root.findall("q:Sources/q:TextSource", NS)) == 1
    assert _schema().validate(root)


def test_empty_project_exports_a_valid_file(tmp_path: Path) -> None:
    with Project.create(tmp_path / "empty.annotator") as empty:
        export_qdpx(empty, tmp_path / "e.qdpx")
    assert _schema().validate(etree.fromstring(_qde(tmp_path / "e.qdpx")))


@pytest.mark.parametrize("bad", ["\x01ctrl", "line\nbreak"])
def test_text_xml_cannot_hold_is_cleaned(project: Project, tmp_path: Path, bad: str) -> None:
    with project.store.begin() as tx:
        c = tx.codings()[0]
        tx.update_coding(c.id, memo=f"memo {bad}")
    export_qdpx(project, tmp_path / "p.qdpx", validate=True)
    assert _schema().validate(etree.fromstring(_qde(tmp_path / "p.qdpx")))


def test_derived_guids_are_uuid5() -> None:
    import uuid

    from annotator.services.exchange.qdpx_common import QDPX_NAMESPACE, derived_guid

    for name in ("selection:x", "coding-memo:" + str(uuid.uuid4()), "é😀"):
        assert derived_guid(name) == str(uuid.uuid5(QDPX_NAMESPACE, name))


def test_markup_in_names_and_values_is_escaped(project: Project, tmp_path: Path) -> None:
    title = 'A "quoted" <b>title</b> & more\n\tend\x01'
    with project.store.begin() as tx:
        tx.rename_document(1, title)
        tx.conn.execute(text("UPDATE documents SET country = :c WHERE id = 1"),
                        {"c": "Côte <&>"})
    export_qdpx(project, tmp_path / "p.qdpx", validate=True)
    root = etree.fromstring(_qde(tmp_path / "p.qdpx"))
    src = root.find("q:Sources/q:TextSource", NS)
    assert src.get("name") == title.replace("\x01", "")
    assert src.findtext("q:VariableValue/q:TextValue", namespaces=NS) == "Côte <&>"
    with Project.create(tmp_path / "copy.annotator") as copy:
        from annotator.services.exchange.qdpx_import import import_qdpx

        import_qdpx(copy, tmp_path / "p.qdpx")
        kaz = next(d for d in copy.documents() if d.country == "Côte <&>")
        assert kaz.title == " ".join(title.replace("\x01", "").split())  # one line
