"""The HTML analysis report: sections, structure, self-containment, agreement on and off,
atomic writing, the CLI, and a render in headless Chromium (skipped when it is missing)."""

from __future__ import annotations

import errno
import re
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import lxml.html
import pytest

from annotator.cli import main as cli_main
from annotator.services.exporting.atomic import ExportError
from annotator.services.exporting.filters import ExportFilter
from annotator.services.project import Project
from annotator.services.reporting import (SECTIONS, ReportOptions, build_content, render_html,
                                          write_html_report)
from annotator.services.reporting import html_report
from annotator.services.reporting.charts_svg import grouped_bars, heatmap, nice_ticks, value_bars

from tests.services import analysis_helpers as h  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "test-output"
TWO = ReportOptions(filter=ExportFilter(coders=("ann", "bob")))


@pytest.fixture
def built(tmp_path: Path) -> h.Built:
    return h.build_analysis_project(tmp_path / "a.annotator")


@pytest.fixture
def project(built: h.Built):
    p = Project.open(built.path, backup=False)
    yield p
    p.close()


def _doc(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def _external_references(root: lxml.html.HtmlElement, raw: str) -> list[str]:
    bad = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in ("src", "href", "xlink:href", "data", "poster", "action"):
            value = el.get(attr)
            if value and not (value.startswith("#") or value == "data:,"):
                bad.append(f"<{el.tag} {attr}={value!r}>")
    bad += re.findall(r"url\((?!#)[^)]*\)", raw)
    bad += re.findall(r"@import", raw)
    bad += re.findall(r"https?://", raw)
    return bad


def test_report_has_every_section_and_is_self_contained(project: Project, tmp_path: Path
                                                        ) -> None:
    out = tmp_path / "report.html"
    result = write_html_report(project, out, TWO)
    raw = out.read_text(encoding="utf-8")
    root = _doc(out)
    assert result.bytes == len(raw.encode("utf-8")) and result.sections == [k for k, _ in SECTIONS]
    assert root.tag == "html" and root.find("head/title") is not None
    ids = [s.get("id") for s in root.iter("section")]
    assert ids == ["summary", "codebook", "frequencies", "cooccurrence", "agreement", "passages"]
    assert not root.xpath("//script") and not root.xpath("//iframe")
    assert not root.xpath("//link[@rel='stylesheet']")
    assert _external_references(root, raw) == []
    assert "@media print" in raw and "break-inside:avoid" in raw
    # summary figures
    cards = {c.findtext("dt"): c.findtext("dd") for c in root.xpath("//div[@class='card']")}
    assert cards["Documents"] == "3" and cards["Codings"] == "8" and cards["Coders"] == "2"
    # codebook with definitions, names escaped and intact
    codebook = root.get_element_by_id("codebook").text_content()
    assert "Arbitrary arrest or detention" in codebook and "Include: arrests" in codebook
    assert h.EXPRESSION in codebook and "<press>" not in raw
    # charts are SVG: frequencies, heatmap, agreement alpha
    svgs = root.xpath("//svg")
    titles = [s.findtext("title") for s in svgs]
    assert any("codings per code and coder" in t.lower() for t in titles)
    assert "Code co-occurrence" in titles
    assert any(t.startswith("Krippendorff") for t in titles)
    assert all(s.get("width") and s.get("viewbox") for s in svgs)
    bars = root.xpath("//section[@id='frequencies']//svg//rect")
    assert len(bars) >= 6  # legend keys plus bars for 4 codes x 2 coders
    cells = root.xpath("//section[@id='cooccurrence']//svg/rect[title]")
    assert len(cells) == 16  # 4 coded codes x 4


def test_agreement_section_when_computable(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    write_html_report(project, out, TWO)
    section = _doc(out).get_element_by_id("agreement")
    text = section.text_content()
    assert "Unit: paragraph" in text and "Coders: ann, bob" in text
    rows = section.xpath(".//table[@class='agreement']/tbody/tr")
    labels = [r[0].text_content() for r in rows]
    assert labels[0].startswith("Rights") and "with codes below" in labels[0]
    assert any(lbl.startswith("All codes pooled") for lbl in labels)
    assert section.xpath(".//svg")


def test_agreement_note_when_coders_share_no_document(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = write_html_report(project, out)  # ann, bob and gold have no document in common
    section = _doc(out).get_element_by_id("agreement")
    assert section.xpath(".//p[@class='note']") and not section.xpath(".//svg")
    assert "no documents in common" in section.text_content()
    assert result.notes and "Agreement could not be computed" in result.notes[0]


def test_typical_passages_and_rule_are_shown(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    write_html_report(project, out, ReportOptions(passages_per_code=1))
    section = _doc(out).get_element_by_id("passages")
    articles = section.xpath(".//article")
    assert [a.find("h3").text_content().strip() for a in articles] == [
        "Rights/Detention", "Rights/Torture", f"Rights/{h.EXPRESSION}", "Elections"]
    torture = articles[1]
    assert torture.xpath(".//mark")[0].text == "Torture in prisons"
    assert torture.find(".//blockquote").text_content() == (
        "Torture in prisons was reported often")
    meta = torture.findtext(".//p[@class='meta']")
    assert "Kazakhstan 2019 · 1 Integrity" in meta and "2 coders" in meta
    assert "How passages are chosen" in section.text_content()


def test_options_change_the_report(project: Project, tmp_path: Path) -> None:
    content = build_content(project, ReportOptions(cooccurrence_rule="paragraph", agreement=False,
                                                   passages_per_code=0, title="Mine"))
    html = render_html(content)
    root = lxml.html.fromstring(html)
    assert root.findtext("head/title") == "Mine"
    assert "a cell counts paragraphs" in root.get_element_by_id("cooccurrence").text_content()
    assert "left out" in root.get_element_by_id("agreement").text_content()
    assert not root.get_element_by_id("passages").xpath(".//article")
    with pytest.raises(ValueError):
        ReportOptions(cooccurrence_rule="nearby")


def test_embed_hook_replaces_inline_svg(project: Project) -> None:
    seen = []

    def embed(chart):  # type: ignore[no-untyped-def]
        seen.append(chart)
        return f'<img src="chart{len(seen)}" width="{chart.width}" height="{chart.height}">'

    html = render_html(build_content(project, TWO), embed)
    assert "<svg" not in html and len(seen) >= 3
    assert seen[0].standalone().startswith("<?xml") and 'xmlns="http://www.w3.org/2000/svg"' \
        in seen[0].standalone()


def test_failed_write_keeps_the_old_file(project: Project, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "report.html"
    out.write_text("old", encoding="utf-8")
    real = html_report.atomic_open

    @contextmanager
    def full_disk(path, *a, **kw):  # type: ignore[no-untyped-def]
        with real(path, *a, **kw) as handle:
            handle.write("<!DOCTYPE html>")
            raise OSError(errno.ENOSPC, "No space left on device")
            yield handle  # pragma: no cover

    monkeypatch.setattr(html_report, "atomic_open", full_disk)
    with pytest.raises(ExportError, match="disk is full"):
        write_html_report(project, out)
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name != "a.annotator"
            and not p.name.startswith("a.annotator")] == ["report.html"]


def test_unwritable_target(project: Project, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="cannot write"):
        write_html_report(project, tmp_path / "missing" / "r.html")


def test_cli_report(built: h.Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli.html"
    code = cli_main(["report", str(built.path), "--out", str(out), "--coders", "ann,bob",
                     "--codes", "Rights", "--passages", "1", "--cooccurrence", "paragraph"])
    assert code == 0 and out.exists()
    assert "wrote" in capsys.readouterr().out
    root = _doc(out)
    assert "codes under Rights" in root.findtext(".//header/p[2]")
    assert "Elections" not in root.get_element_by_id("codebook").text_content()
    assert cli_main(["report", str(built.path), "--out", str(out), "--coders", "zed"]) == 1
    assert "no coder named 'zed'" in capsys.readouterr().err


# ----- chart helpers ------------------------------------------------------------------------
def test_chart_helpers() -> None:
    assert nice_ticks(420) == [0, 100, 200, 300, 400, 500]
    assert nice_ticks(3) == [0, 1, 2, 3]
    assert nice_ticks(0) == [0.0, 1.0]
    assert nice_ticks(2) == [0, 0.5, 1, 1.5, 2] and nice_ticks(2, whole=True) == [0, 1, 2]
    bars = grouped_bars(["A", "B <x>"], ["ann", "bob"], [[3, 0], [1, 2]], title="T & U")
    root = lxml.html.fromstring(f"<div>{bars.svg}</div>")
    assert root.findtext("svg/title") == "T & U"
    assert len(root.xpath("//rect")) == 2 + 4  # legend keys + bars
    hm = heatmap(["a", "b"], [[5, 2], [2, 1]], title="H", groups=[1])
    assert 'fill="url(#diag)"' in hm.svg and hm.svg.count("<line") == 1 + 2  # hatch + group
    vb = value_bars(["x", "y"], [0.9, None], title="V", grades=["good", "undefined"],
                    marks=[(0.8, ".800")])
    assert "#3c8d4f" in vb.svg and "–" in vb.svg


# ----- headless Chromium --------------------------------------------------------------------
def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which(
        "google-chrome")


def _run_chromium(exe: str, url: str, profile: Path, *extra: str
                  ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *extra, url],
        capture_output=True, text=True, timeout=120, check=False)


def _console(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.mark.skipif(_chromium() is None, reason="chromium is not installed (apt-get install "
                                                "chromium) - the render check needs it")
def test_report_renders_in_headless_chromium(project: Project, tmp_path: Path) -> None:
    exe = _chromium()
    assert exe is not None
    out = tmp_path / "report.html"
    write_html_report(project, out, TWO)
    # the console check itself must be able to fail: a page with an error is caught
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><p>x</p><script>undefinedFunction()</script>")
    probe = _run_chromium(exe, bad.as_uri(), tmp_path / "p0", "--dump-dom")
    assert any("undefinedFunction" in line for line in _console(probe.stderr)), probe.stderr
    dom = _run_chromium(exe, out.as_uri(), tmp_path / "p1", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert _console(dom.stderr) == []
    assert '<section id="agreement">' in dom.stdout and "<svg" in dom.stdout
    OUTPUT.mkdir(exist_ok=True)
    shot = OUTPUT / "report_chromium.png"
    shot.unlink(missing_ok=True)
    run = _run_chromium(exe, out.as_uri(), tmp_path / "p2", f"--screenshot={shot}",
                        "--window-size=1280,3000", "--hide-scrollbars")
    assert run.returncode == 0 and _console(run.stderr) == []
    assert shot.exists() and shot.stat().st_size > 20_000
    # printing: the print styles start each section on a new page
    from pypdf import PdfReader

    pdf = tmp_path / "printed.pdf"
    printed = _run_chromium(exe, out.as_uri(), tmp_path / "p3", f"--print-to-pdf={pdf}",
                            "--no-pdf-header-footer")
    assert printed.returncode == 0 and pdf.exists(), printed.stderr[-2000:]
    starts = ["".join(page.extract_text().split())[:40] for page in PdfReader(str(pdf)).pages]
    for heading in ("Codebook", "Codefrequenciespercoder", "Codeco-occurrence",
                    "Agreementbetweencoders", "Typicalpassagespercode"):
        assert any(s.startswith(heading) for s in starts), (heading, starts)
