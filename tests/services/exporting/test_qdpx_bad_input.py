"""Untrusted .qdpx files: refused (project unchanged) or partly skipped, always with a reason."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.services.exchange import qdpx_zip
from annotator.services.exchange.qdpx_import import import_qdpx
from annotator.services.exchange.qdpx_zip import QdpxRejected
from annotator.services.project import Project

SRC = "11111111-1111-4111-8111-111111111111"
TEXT = "Prison 😀 report: guards beat the detainees.\n"


def qde(selection: str = 'startPosition="17" endPosition="42"', *, code_guid: str = "c1",
        extra_codes: str = "", users: str = "", source_attrs: str = "",
        head: str = "", sources: str = "") -> str:
    guids = {"c1": "22222222-2222-4222-8222-222222222222"}
    code = guids.get(code_guid, code_guid)
    return f"""<?xml version="1.0" encoding="UTF-8"?>{head}
<Project xmlns="urn:QDA-XML:project:1.0" name="t">
 <Users><User guid="33333333-3333-4333-8333-333333333333" name="u"/>{users}</Users>
 <CodeBook><Codes>
  <Code guid="22222222-2222-4222-8222-222222222222" name="Beatings" isCodable="true"/>{extra_codes}
 </Codes></CodeBook>
 <Sources>
  <TextSource guid="{SRC}" name="report" plainTextPath="internal://{SRC}.txt"{source_attrs}>
   <PlainTextSelection guid="44444444-4444-4444-8444-444444444444" {selection}>
    <Coding guid="55555555-5555-4555-8555-555555555555"
            creatingUser="33333333-3333-4333-8333-333333333333">
     <CodeRef targetGUID="{code}"/>
    </Coding>
   </PlainTextSelection>
  </TextSource>{sources}
 </Sources>
</Project>
"""


def make(tmp_path: Path, xml: str | bytes, members: dict[str, bytes] | None = None,
         name: str = "in.qdpx") -> Path:
    out = tmp_path / name
    files = {"project.qde": xml.encode("utf-8") if isinstance(xml, str) else xml,
             f"sources/{SRC}.txt": TEXT.encode("utf-8"), **(members or {})}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in files.items():
            archive.writestr(member, data)
    return out


def refused(project: Project, path: Path, match: str) -> None:
    before = project.store.dump()
    with pytest.raises(InputError, match=match):
        import_qdpx(project, path)
    assert project.store.dump() == before


def test_baseline_file_imports(project: Project, tmp_path: Path) -> None:
    report = import_qdpx(project, make(tmp_path, qde()))
    assert report.codings_added == 1 and not report.skipped
    with project.read() as tx:
        doc = next(d for d in tx.documents() if d.title == "report")
        c = tx.codings(document_id=doc.id)[0]
        assert tx.document_text(doc.id)[c.start:c.end] == "guards beat the detainees"


@pytest.mark.parametrize("member", ["../evil.txt", "sources/../../evil.txt", "/etc/evil",
                                    "C:/evil.txt", "sources\\..\\..\\evil.txt"])
def test_zip_slip_member_is_refused(project: Project, tmp_path: Path, member: str) -> None:
    refused(project, make(tmp_path, qde(), {member: b"x"}), "zip slip")


def test_source_path_climbing_out_is_skipped(project: Project, tmp_path: Path) -> None:
    xml = qde().replace(f"internal://{SRC}.txt", "internal://../../etc/passwd")
    report = import_qdpx(project, make(tmp_path, xml))
    assert not report.documents_added
    assert any("points outside the sources folder" in s for s in report.skipped)


def test_zip_bomb_ratio_is_refused(project: Project, tmp_path: Path) -> None:
    bomb = {"sources/bomb.txt": b"\0" * (8 * 1024 * 1024)}  # deflates about 1000:1
    refused(project, make(tmp_path, qde(), bomb), "zip bomb")


def test_total_size_cap(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(qdpx_zip, "MAX_TOTAL", 100)
    refused(project, make(tmp_path, qde()), "would expand to")


def test_member_expanding_beyond_its_declared_size(project: Project, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = make(tmp_path, qde())
    real = zipfile.ZipFile.infolist

    def lying(self: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
        infos = real(self)
        for info in infos:
            info.file_size = min(info.file_size, 10)  # the directory claims tiny members
        return infos

    monkeypatch.setattr(zipfile.ZipFile, "infolist", lying)
    refused(project, path, "zip bomb|cannot be read")


@pytest.mark.parametrize("head", [
    '\n<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    '\n<!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>',
    '\n<!DOCTYPE Project SYSTEM "http://example.com/project.dtd">',
])
def test_dtd_and_entities_are_refused(project: Project, tmp_path: Path, head: str) -> None:
    xml = qde(head=head).replace('name="report"', 'name="&xxe;"' if "xxe" in head else
                                 'name="report"')
    refused(project, make(tmp_path, xml), "DOCTYPE")


def test_duplicate_code_guids_are_refused(project: Project, tmp_path: Path) -> None:
    dup = '\n  <Code guid="22222222-2222-4222-8222-222222222222" name="Other" isCodable="true"/>'
    refused(project, make(tmp_path, qde(extra_codes=dup)), "duplicate GUID")


def test_duplicate_user_guids_are_refused(project: Project, tmp_path: Path) -> None:
    dup = '<User guid="33333333-3333-4333-8333-333333333333" name="someone else"/>'
    refused(project, make(tmp_path, qde(users=dup)), "duplicate GUID")


def test_duplicate_source_guid_is_skipped(project: Project, tmp_path: Path) -> None:
    again = (f'\n  <TextSource guid="{SRC}" name="again">'
             "<PlainTextContent>Other text.</PlainTextContent></TextSource>")
    report = import_qdpx(project, make(tmp_path, qde(sources=again)))
    assert [d.title for d in report.documents_added] == ["report"]
    assert any("same GUID" in s for s in report.skipped)


@pytest.mark.parametrize("selection", ['startPosition="17" endPosition="4300"',
                                       'startPosition="-1" endPosition="5"',
                                       'startPosition="20" endPosition="20"',
                                       'startPosition="x" endPosition="5"'])
def test_bad_positions_are_skipped(project: Project, tmp_path: Path, selection: str) -> None:
    report = import_qdpx(project, make(tmp_path, qde(selection)))
    assert report.codings_added == 0 and len(report.documents_added) == 1
    assert any("selection(s) skipped" in s for s in report.skipped)


def test_coding_of_missing_code_is_skipped(project: Project, tmp_path: Path) -> None:
    report = import_qdpx(project, make(tmp_path, qde(
        code_guid="99999999-9999-4999-8999-999999999999")))
    assert report.codings_added == 0
    assert any("not in the codebook" in s and "99999999" in s for s in report.skipped)


@pytest.mark.parametrize(("data", "outcome"), [
    ("Caf\xe9 in Latin-1".encode("latin-1"), "not UTF-8"),
    (b"\xff\xfe" + TEXT.encode("utf-16-le"), "UTF-16"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), None),
])
def test_source_encodings(project: Project, tmp_path: Path, data: bytes,
                          outcome: str | None) -> None:
    report = import_qdpx(project, make(tmp_path, qde(), {f"sources/{SRC}.txt": data}))
    if outcome == "not UTF-8":
        assert not report.documents_added
        assert any(outcome in s for s in report.skipped)
        return
    assert report.codings_added == 1
    if outcome:
        assert any(outcome in w for w in report.warnings)
    with project.read() as tx:
        doc = next(d for d in tx.documents() if d.title == "report")
        c = tx.codings(document_id=doc.id)[0]
        assert tx.document_text(doc.id)[c.start:c.end] == "guards beat the detainees"


@pytest.mark.parametrize(("content", "match"), [
    (b"not a zip at all", "not a readable zip"),
    (None, "no project.qde"),
])
def test_not_a_project(project: Project, tmp_path: Path, content: bytes | None,
                       match: str) -> None:
    path = tmp_path / "x.qdpx"
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("readme.txt", "hello")
    else:
        path.write_bytes(content)
    refused(project, path, match)


@pytest.mark.parametrize(("xml", "match"), [
    ("<Project", "not well-formed"),
    ('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>', "expected <Project>"),
    ('<Project xmlns="urn:example" name="x"/>', "unknown namespace"),
])
def test_wrong_xml_is_refused(project: Project, tmp_path: Path, xml: str, match: str) -> None:
    refused(project, make(tmp_path, xml), match)


def test_failure_half_way_leaves_the_project_unchanged(project: Project, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.services.exchange import qdpx_codings
    from annotator.domain.errors import ValidationError

    def broken(self: object) -> None:
        raise ValidationError("refused by the database: simulated")

    monkeypatch.setattr(qdpx_codings.CodingBuilder, "flush", broken)
    refused(project, make(tmp_path, qde()), "simulated")


def test_rejection_class_is_an_input_error() -> None:
    assert issubclass(QdpxRejected, InputError)


def test_tampered_extras_are_ignored_not_trusted(project: Project, tmp_path: Path) -> None:
    from annotator.services.exchange.qdpx_export import export_qdpx

    export_qdpx(project, tmp_path / "good.qdpx")
    bad = tmp_path / "bad.qdpx"
    with zipfile.ZipFile(tmp_path / "good.qdpx") as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("annotator/segments/"):
                data = b'[["section","1","x",0,999999,false,false,1]]'  # beyond the text
            elif info.filename == "annotator/extras.json":
                data = data.replace(b'"role":"owner"', b'"role":"emperor"')
            dst.writestr(info, data)
    with Project.create(tmp_path / "copy.annotator") as copy:
        report = import_qdpx(copy, bad)
        assert report.codings_added == 6
        assert any("outline" in w for w in report.warnings)
        with copy.read() as tx:
            assert tx.coder_by_name("gold").role == "coder"  # unknown role not taken over
            kaz = next(d for d in tx.documents() if d.country == "Kazakhstan")
            assert all(s.end <= kaz.chars for s in tx.segments(kaz.id))
