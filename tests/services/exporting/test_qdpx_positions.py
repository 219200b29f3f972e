"""Selection positions that are not code points of the text as written: NVivo's UTF-16 units
(astral characters, ZWJ sequences, CRLF, a BOM) and QualCoder's LF-counted CRLF text.

The files are made here in the style of those programs: the positions of known words are
computed the way the program counts, then read back.
"""

from __future__ import annotations

import random
import uuid
import zipfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest

from annotator.cli import main
from annotator.services.exchange.qdpx_import import import_qdpx
from annotator.services.exchange.qdpx_positions import PLAIN, Reading, decide
from annotator.services.project import Project

WORDS = ("Az oltás öli az embereket", "nem igaz", "kormány hazudik", "mindenki tudja",
         "a gyerekeket", "szabadság", "ez botrány", "tüntetés lesz")
EMOJI = ("😀", "👩‍👩‍👧", "🇭🇺", "👍🏽", "𝑴", "❤️")


def comment_text(seed: int, lines: int = 60) -> tuple[str, list[str]]:
    """Facebook-style comments: emoji everywhere, CRLF line ends; returns (text, phrases)."""
    rnd = random.Random(seed)
    out, used = [], []
    for i in range(lines):
        phrase = WORDS[i % len(WORDS)]
        used.append(phrase)
        out.append(f"2021-12-{10 + i % 20}T19:{i % 60:02d}: {rnd.choice(EMOJI)} {phrase} "
                   f"{rnd.choice(EMOJI)}{rnd.choice(EMOJI)} szerintem {rnd.choice(EMOJI)}")
    return "\r\n".join(out) + "\r\n", used


def selections(text: str, phrases: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, phrase) in code points of ``text``, one per line."""
    out, at = [], 0
    for phrase in phrases:
        s = text.index(phrase, at)
        out.append((s, s + len(phrase), phrase))
        at = s + len(phrase)
    return out


def utf16(text: str, p: int) -> int:
    return len(text[:p].encode("utf-16-le")) // 2


def lf_count(text: str, p: int) -> int:
    return p - text[:p].count("\r\n")


def make_qdpx(out: Path, text: str, spans: list[tuple[int, int]], *, origin: str | None,
              bom: bool = True, names: list[str] | None = None) -> Path:
    user, code, src = (str(uuid.uuid4()) for _ in range(3))
    sels = []
    for i, (s, e) in enumerate(spans):
        name = f' name={quoteattr(names[i])}' if names else ""
        sels.append(f'<PlainTextSelection guid="{uuid.uuid4()}"{name} startPosition="{s}" '
                    f'endPosition="{e}" creatingUser="{user}"><Coding guid="{uuid.uuid4()}" '
                    f'creatingUser="{user}"><CodeRef targetGUID="{code}"/></Coding>'
                    "</PlainTextSelection>")
    head = f' origin="{origin}"' if origin is not None else ""
    qde = (f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" '
           f'name="comments"{head}><Users><User guid="{user}" name="Anna"/></Users>'
           f'<CodeBook><Codes><Code guid="{code}" name="Claim" isCodable="true"/></Codes>'
           f'</CodeBook><Sources><TextSource guid="{src}" name="comments" '
           f'plainTextPath="internal://{src}.txt">{"".join(sels)}</TextSource></Sources>'
           "</Project>")
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("project.qde", qde)
        z.writestr(f"sources/{src}.txt", ("\ufeff" if bom else "") .encode() + text.encode())
    return out


def coded_texts(project: Project) -> list[str]:
    with project.read() as tx:
        (doc,) = tx.documents()
        text = tx.document_text(doc.id)
        return [text[c.start:c.end] for c in tx.codings(document_id=doc.id)]


def _import(tmp_path: Path, qdpx: Path, positions: str = "auto") -> tuple[list[str], object]:
    with Project.create(tmp_path / f"{qdpx.stem}-{positions}.annotator") as project:
        report = import_qdpx(project, qdpx, positions=positions)
        return coded_texts(project), report


@pytest.mark.parametrize("origin", ["NVivo 12.6 (Windows)", None, "SomeTool 1.0"])
def test_nvivo_utf16_positions_land_on_their_words(tmp_path: Path, origin: str | None) -> None:
    text, phrases = comment_text(1)
    sels = selections(text, phrases)
    spans = [(utf16(text, s), utf16(text, e)) for s, e, _ in sels]
    qdpx = make_qdpx(tmp_path / "nvivo.qdpx", text, spans, origin=origin)
    texts, report = _import(tmp_path, qdpx)
    assert texts == phrases
    (line,) = report.positions
    assert "'comments'" in line and "read as UTF-16 units and converted" in line
    assert f"{len(phrases)} of {len(phrases)} selection(s)" in line
    why = "NVivo counts this way" if origin and "NVivo" in origin else "the boundary evidence"
    assert why in line
    assert report.codings_added == len(phrases) and not report.skipped


def test_positions_option_overrides_and_warns(tmp_path: Path) -> None:
    text, phrases = comment_text(2)
    sels = selections(text, phrases)
    spans = [(utf16(text, s), utf16(text, e)) for s, e, _ in sels]
    qdpx = make_qdpx(tmp_path / "n.qdpx", text, spans, origin="NVivo 14")
    texts, report = _import(tmp_path, qdpx, positions="codepoints")
    assert texts[5:] != phrases[5:] and not report.positions  # as asked: words are missed
    assert any("fall on word or line boundaries when read as UTF-16 units" in w
               for w in report.warnings)
    texts, report = _import(tmp_path, qdpx, positions="utf16")
    assert texts == phrases and "as --positions utf16 asks" in report.positions[0]


def test_code_points_stay_code_points(tmp_path: Path) -> None:
    text, phrases = comment_text(3)
    spans = [(s, e) for s, e, _ in selections(text, phrases)]
    for origin in ("MAXQDA 2022", "ATLAS.ti 23", None):
        qdpx = make_qdpx(tmp_path / f"cp-{origin}.qdpx", text, spans, origin=origin)
        texts, report = _import(tmp_path, qdpx)
        assert texts == phrases and not report.positions and not report.warnings


def test_our_own_files_are_code_points_whatever_the_boundaries_say(tmp_path: Path) -> None:
    text, phrases = comment_text(7)
    spans = [(utf16(text, s), utf16(text, e)) for s, e, _ in selections(text, phrases)]
    texts, report = _import(tmp_path, make_qdpx(tmp_path / "own.qdpx", text, spans,
                                                origin="annotator 0.1.0"))
    assert texts[5:] != phrases[5:] and not report.positions and not report.warnings


def test_qualcoder_lf_counted_crlf_text(tmp_path: Path) -> None:
    """QualCoder's "MAXQDA line endings" export: CRLF text, positions counted on LF text."""
    text, phrases = comment_text(4, lines=52)
    sels = selections(text, phrases)
    spans = [(lf_count(text, s), lf_count(text, e)) for s, e, _ in sels]
    qdpx = make_qdpx(tmp_path / "qc.qdpx", text, spans, origin="QualCoder 3.6", bom=False)
    texts, report = _import(tmp_path, qdpx)
    assert texts == phrases
    (line,) = report.positions
    assert "code points on the text with LF line ends (the file has CRLF)" in line
    assert "52 of 52" in line


def test_nvivo_counting_utf16_on_lf_text_is_found_too(tmp_path: Path) -> None:
    text, phrases = comment_text(5)
    lf = text.replace("\r\n", "\n")
    spans = [(utf16(lf, lf_count(text, s)), utf16(lf, lf_count(text, e)))
             for s, e, _ in selections(text, phrases)]
    texts, report = _import(tmp_path, make_qdpx(tmp_path / "x.qdpx", text, spans, origin=None))
    assert texts == phrases and "UTF-16 units on the text with LF" in report.positions[0]


def test_selection_names_are_evidence() -> None:
    raw = "😀😀 Torture was common. 😀 Police 😀 beat them."
    s, e = raw.index("Police"), raw.index(" beat") + len(" beat them")
    names = "Police 😀 beat them."
    u = Reading("utf16")
    for start, end, expected in ((s, e, PLAIN), (utf16(raw, s), utf16(raw, e), u)):
        d = decide(raw, [(start, end, names)], origin="")
        assert d.reading == expected


def test_no_astral_no_crlf_means_nothing_to_decide() -> None:
    d = decide("plain text only", [(0, 5, None)], origin="NVivo 12")
    assert d.reading == PLAIN and d.message is None and not d.counts


def test_cli_positions_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, phrases = comment_text(6, lines=20)
    spans = [(utf16(text, s), utf16(text, e)) for s, e, _ in selections(text, phrases)]
    qdpx = make_qdpx(tmp_path / "cli.qdpx", text, spans, origin="NVivo 12.6")
    target = tmp_path / "cli.annotator"
    assert main(["new", str(target)]) == 0
    assert main(["import", str(target), str(qdpx), "--positions", "utf16"]) == 0
    assert "converted to code points" in capsys.readouterr().err
    with Project.open(target) as project:
        assert coded_texts(project) == phrases
    with pytest.raises(SystemExit):
        main(["import", str(target), str(qdpx), "--positions", "bytes"])
