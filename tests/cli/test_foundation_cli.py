"""Issue 2 end to end through the CLI: new, import, documents, outline, check, bad input."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.services.project import Project


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def dump(project_file: Path) -> dict:
    with Project.open(project_file, backup=False) as p:
        return p.store.dump()


@pytest.fixture
def project_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    f = tmp_path / "kz.annotator"
    assert run(capsys, "new", str(f))[0] == 0
    return f


def test_corpus_imports_from_txt_and_html_and_lists_sections(
        corpus: Path, project_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = {r["file"]: r for r in csv.DictReader(
        (corpus / "state-dept" / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t")}
    rc, out, err = run(capsys, "import", str(project_file), str(corpus / "state-dept"),
                       "--recursive", "--json")
    assert rc == 0, err
    assert len(json.loads(out)["imported"]) == 35
    # The HTML pages hold the same texts: all 35 are recognised as duplicates by hash.
    rc, out, _ = run(capsys, "import", str(project_file), str(corpus / "state-dept-html"),
                     "--recursive", "--json")
    res = json.loads(out)
    assert rc == 1 and not res["imported"] and len(res["duplicates"]) == 35
    rc, out, _ = run(capsys, "documents", str(project_file), "--json")
    docs = json.loads(out)
    assert len(docs) == 35
    with Project.open(project_file, backup=False) as p:
        for d in docs:
            assert {"id", "uuid", "title", "country", "year", "source_name", "chars", "sha256",
                    "sections"} <= d.keys()
            row = next(r for r in manifest.values()
                       if r["file"].endswith(f"{d['year']}/{d['source_name']}"))
            assert d["paragraphs"] == int(row["paragraphs"])
            assert d["chars"] == len(p.text(d["id"]))
            paths = [s["path"] for s in d["sections"]]
            assert "ES" in paths and "1" in paths
            text = p.text(d["id"])
            for s in d["sections"]:
                assert 0 <= s["start"] < s["end"] <= d["chars"]
                assert not s["inferred"]
                assert s["title"] in text[s["start"]:s["end"]]
    rc, out, _ = run(capsys, "check", str(project_file))
    assert rc == 0 and out.startswith("ok: 35 documents")


def test_outline_of_seed_marks_inferred_headings(
        corpus: Path, project_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = corpus / "seed" / "kazakhstan-2019-excerpt.txt"
    assert run(capsys, "import", str(project_file), str(seed))[0] == 0
    rc, out, _ = run(capsys, "outline", str(project_file), "1", "--json")
    sections = json.loads(out)["sections"]
    inferred = [s for s in sections if s["inferred"]]
    assert len(inferred) == 18
    assert {"2.c", "2.d", "2.e", "2.f", "2.g"} <= {s["path"] for s in inferred}
    rc, out, _ = run(capsys, "outline", str(project_file), "1")
    assert "Freedom of Religion ?" in out


def _bad_files(tmp: Path) -> dict[str, tuple[Path, str]]:
    tmp.mkdir(exist_ok=True)
    cases: dict[str, tuple[Path, str]] = {}

    def add(name: str, content: bytes, expect: str) -> None:
        p = tmp / name
        p.write_bytes(content)
        cases[name] = (p, expect)

    add("empty.txt", b"", "empty")
    add("binary.txt", bytes(range(256)) * 40, "binary")
    add("corrupt.docx", b"PK\x03\x04 this is not really a zip", "docx")
    add("corrupt.pdf", b"%PDF-1.4\n garbage garbage", "PDF")
    add("image.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG")
    add("report.xyz", b"some text", "unsupported file type")
    notext = tmp / "scan.pdf"
    notext.write_bytes(_pdf_without_text())
    cases["scan.pdf"] = (notext, "no text layer")
    big = tmp / "huge.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024 + 1)
    cases["huge.txt"] = (big, "50 MB")
    zipped = tmp / "nodoc.docx"
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("hello.txt", "hi")
    cases["nodoc.docx"] = (zipped, "docx")
    cases["missing.txt"] = (tmp / "missing.txt", "no such file")
    return cases


def _pdf_without_text() -> bytes:
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
            b"<< /Length 0 >>\nstream\n\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def test_each_bad_file_gets_a_clear_error_and_the_project_is_unchanged(
        tmp_path: Path, project_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.txt"
    good.write_text("A first paragraph.\n\nA second one.\n", encoding="utf-8")
    assert run(capsys, "import", str(project_file), str(good))[0] == 0
    before = dump(project_file)
    for name, (path, expect) in _bad_files(tmp_path / "bad").items():
        rc, out, err = run(capsys, "import", str(project_file), str(path))
        assert rc == 1, name
        failures = [line for line in err.splitlines() if line.startswith("annotator: error:")]
        assert len(failures) == 1 and err.count(name) == 1, (name, err)  # said once (issue 11)
        assert name in failures[0] and expect.lower() in failures[0].lower(), (name, err)
        assert dump(project_file) == before, name


def test_batch_keeps_good_files_and_lists_bad_ones(
        tmp_path: Path, project_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.txt").write_text("Alpha text.\n", encoding="utf-8")
    (folder / "b.md").write_text("# Beta\n\nBody 😀.\n", encoding="utf-8")
    (folder / "c.txt").write_bytes(b"")
    (folder / "d.pdf").write_bytes(b"not a pdf")
    rc, out, _ = run(capsys, "import", str(project_file), str(folder), "--json")
    res = json.loads(out)
    assert rc == 1
    assert sorted(d["title"] for d in res["imported"]) == ["Beta", "a"]
    assert sorted(Path(f["file"]).name for f in res["failed"]) == ["c.txt", "d.pdf"]


def test_duplicates_are_refused_unless_allowed(
        tmp_path: Path, project_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "x.txt"
    f.write_text("Same text.\r\n", encoding="utf-8")
    g = tmp_path / "y.txt"
    g.write_bytes("\ufeffSame text.\n".encode())  # same canonical text: BOM and CRLF differ
    assert run(capsys, "import", str(project_file), str(f))[0] == 0
    rc, _, err = run(capsys, "import", str(project_file), str(g))
    assert rc == 1 and "same text as document 1" in err
    assert run(capsys, "import", str(project_file), str(g), "--allow-duplicate")[0] == 0
    rc, out, _ = run(capsys, "documents", str(project_file), "--json")
    assert [d["chars"] for d in json.loads(out)] == [11, 11]


def test_not_a_project_and_missing_project(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    fake = tmp_path / "notes.annotator"
    fake.write_text("just some notes", encoding="utf-8")
    rc, _, err = run(capsys, "documents", str(fake))
    assert rc == 1 and "notes.annotator" in err and "not an annotator project" in err
    assert len(err.strip().splitlines()) == 1
    assert fake.read_text(encoding="utf-8") == "just some notes"
    rc, _, err = run(capsys, "documents", str(tmp_path / "none.annotator"))
    assert rc == 1 and "no such project file" in err


def test_outline_of_unknown_document(project_file: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    rc, _, err = run(capsys, "outline", str(project_file), "42")
    assert rc == 1 and "no document with id 42" in err


def test_search_finds_accented_words(tmp_path: Path, project_file: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "s.txt"
    f.write_text("😀 The Café was closed.\n\nAnother cafe opened.\n", encoding="utf-8")
    run(capsys, "import", str(project_file), str(f))
    rc, out, _ = run(capsys, "search", str(project_file), "cafe", "--json")
    hits = json.loads(out)
    assert [(h["start"], h["match"]) for h in hits] == [(6, "Café"), (32, "cafe")]


def test_real_process_help_and_exit_codes(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "annotator", "--help"], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0 and "import" in proc.stdout and "documents" in proc.stdout
    for sub in ("new", "import", "documents", "outline", "check"):
        p = subprocess.run([sys.executable, "-m", "annotator", sub, "--help"],
                           capture_output=True, text=True, check=False)
        assert p.returncode == 0 and "usage: annotator " + sub in p.stdout
    p = subprocess.run([sys.executable, "-m", "annotator", "check", str(tmp_path / "x")],
                       capture_output=True, text=True, check=False)
    assert p.returncode == 1 and p.stderr.count("\n") == 1
