"""Property-based fuzzing of every importer (issue 11): real small files, mutated.

For each format (txt, md, html, docx, pdf, qdpx, qdc) a real file is mutated (bytes flipped,
inserted, deleted, truncated; zip members mutated inside an intact archive). Whatever the
mutation, the import either succeeds or is refused with a one-line reason; a refusal leaves the
project exactly as it was; nothing ever raises anything but the project's own errors.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain.errors import AnnotatorError
from annotator.services.codebook import import_codebook
from annotator.services.importing.pipeline import import_files
from annotator.services.project import Project

FIXTURES = Path(__file__).resolve().parent.parent / "exchange" / "fixtures"
EXAMPLES = settings(max_examples=20, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

Mutation = tuple[str, int, int, bytes]
mutations = st.lists(st.tuples(st.sampled_from(["flip", "insert", "delete", "truncate"]),
                               st.integers(0, 1 << 30), st.integers(1, 64),
                               st.binary(min_size=1, max_size=16)), min_size=1, max_size=4)


def mutate(data: bytes, steps: list[Mutation]) -> bytes:
    out = bytearray(data)
    for kind, where, length, blob in steps:
        at = where % (len(out) + 1)
        if kind == "flip" and out:
            for k in range(min(length, 8)):
                out[(at + k) % len(out)] ^= blob[k % len(blob)] or 0xFF
        elif kind == "insert":
            out[at:at] = blob * (1 + length // 16)
        elif kind == "delete":
            del out[at:at + length]
        elif kind == "truncate":
            del out[max(at, 1):]
    return bytes(out)


def mutate_member(archive: bytes, steps: list[Mutation], pick: int) -> bytes:
    """Mutate one member of a zip and write a new, intact archive around it."""
    with zipfile.ZipFile(io.BytesIO(archive)) as src:
        infos = src.infolist()
        target = infos[pick % len(infos)].filename
        members = [(i.filename, src.read(i)) for i in infos]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(name, mutate(data, steps) if name == target else data)
    return out.getvalue()


def one_line(reason: str) -> None:
    assert reason and "\n" not in reason and "Traceback" not in reason, reason


def check_import(project: Project, path: Path, data: bytes) -> list[tuple[str, str]]:
    path.write_bytes(data)
    before = project.store.dump()
    report = import_files(project, [path], workers=1, allow_duplicate=True)
    for _name, reason in report.failed:
        one_line(reason)
    if report.failed:
        assert project.store.dump() == before
    return report.failed


def fuzz_file(tmp_path: Path, name: str, seed: bytes, zipped: bool = False) -> Callable[[], None]:
    project = Project.create(tmp_path / "fuzz.annotator")
    target = tmp_path / name
    assert check_import(project, target, seed) == []  # the unmutated file imports

    strategy = st.tuples(mutations, st.integers(0, 50), st.booleans()) if zipped else \
        st.tuples(mutations, st.just(0), st.just(False))

    @EXAMPLES
    @given(strategy)
    def run(case: tuple[list[Mutation], int, bool]) -> None:
        steps, pick, inside = case
        data = mutate_member(seed, steps, pick) if inside else mutate(seed, steps)
        check_import(project, target, data)

    def go() -> None:
        try:
            run()
        finally:
            project.close()
    return go


def seed_text(corpus: Path) -> bytes:
    return (corpus / "seed" / "kazakhstan-2019-excerpt.txt").read_bytes()[:20_000]


def test_txt(tmp_path: Path, corpus: Path) -> None:
    fuzz_file(tmp_path, "report.txt", seed_text(corpus))()


def test_md(tmp_path: Path, corpus: Path) -> None:
    text = seed_text(corpus).decode("utf-8", errors="ignore")
    md = "# Kazakhstan\n\n## Executive Summary\n\n" + text[:4000]
    fuzz_file(tmp_path, "report.md", md.encode())()


def test_html(tmp_path: Path, corpus: Path) -> None:
    page = min((corpus / "state-dept-html").rglob("*.html"), key=lambda p: p.stat().st_size)
    fuzz_file(tmp_path, "report.html", page.read_bytes())()


def test_docx(tmp_path: Path, corpus: Path) -> None:
    document = docx.Document()
    document.add_paragraph("2019 Country Reports on Human Rights Practices: Kazakhstan",
                           style="Title")
    lines = seed_text(corpus).decode("utf-8", errors="ignore").split("\n\n")[:15]
    for line in lines:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "cell one", "cell two"
    out = io.BytesIO()
    document.save(out)
    fuzz_file(tmp_path, "report.docx", out.getvalue(), zipped=True)()


def test_pdf(tmp_path: Path, corpus: Path) -> None:
    lines = [line for line in seed_text(corpus).decode("utf-8", errors="ignore").splitlines()
             if line.strip()][:30]
    pages = [[line[:90].encode("cp1252", errors="replace").decode("cp1252") for line in lines]]
    fuzz_file(tmp_path, "report.pdf", one_page_pdf(pages[0]))()


def one_page_pdf(lines: list[str]) -> bytes:
    """A small valid PDF with one page of Helvetica text lines."""
    def literal(text: str) -> bytes:
        raw = text.encode("cp1252", errors="replace")
        return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(
            b")", b"\\)") + b")"

    content = b"BT /F1 11 Tf 14 TL 72 740 Td\n" + b"".join(
        literal(line) + b" Tj T*\n" for line in lines) + b"ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


QDE = """<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="fuzz">
 <Users><User guid="33333333-3333-4333-8333-333333333333" name="u"/></Users>
 <CodeBook><Codes>
  <Code guid="22222222-2222-4222-8222-222222222222" name="Beatings" isCodable="true">
   <Code guid="66666666-6666-4666-8666-666666666666" name="Torture" isCodable="true"/>
  </Code>
 </Codes></CodeBook>
 <Sources>
  <TextSource guid="11111111-1111-4111-8111-111111111111" name="report"
              plainTextPath="internal://11111111-1111-4111-8111-111111111111.txt">
   <PlainTextSelection guid="44444444-4444-4444-8444-444444444444" startPosition="17"
                       endPosition="42">
    <Coding guid="55555555-5555-4555-8555-555555555555"
            creatingUser="33333333-3333-4333-8333-333333333333">
     <CodeRef targetGUID="22222222-2222-4222-8222-222222222222"/>
    </Coding>
   </PlainTextSelection>
  </TextSource>
 </Sources>
</Project>
"""


def test_qdpx(tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", QDE)
        z.writestr("sources/11111111-1111-4111-8111-111111111111.txt",
                   "Prison \U0001f600 report: guards beat the detainees.\n")
    fuzz_file(tmp_path, "project.qdpx", out.getvalue(), zipped=True)()


@pytest.mark.parametrize("fixture", ["nvivo.qdc", "maxqda.qdc"])
def test_qdc(tmp_path: Path, fixture: str) -> None:
    seed = (FIXTURES / fixture).read_bytes()
    project = Project.create(tmp_path / "fuzz.annotator")
    target = tmp_path / "book.qdc"

    @EXAMPLES
    @given(mutations)
    def run(steps: list[Mutation]) -> None:
        target.write_bytes(mutate(seed, steps))
        before = project.store.dump()
        try:
            import_codebook(project, target, new_ids=True)
        except AnnotatorError as exc:
            one_line(str(exc))
            assert project.store.dump() == before

    try:
        run()
    finally:
        project.close()
