"""The HTML report as a reader sees it in Chromium (issue 10, item 8): at 1280 and 800 px the
page never scrolls sideways, and no text column is squeezed below 25 characters, with the real
shipped codebooks (long names, long definitions) and two coders."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from annotator.domain.text import text_sha256
from annotator.services.codebook_commands import AddTemplate
from annotator.services.exporting.filters import ExportFilter
from annotator.services.project import Project
from annotator.services.reporting import ReportOptions, write_html_report

REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "test-output"
TEXT = "\n\n".join(
    f"Paragraph {i}: police detained {i} protesters and journalists in Almaty; courts convicted "
    f"activists, and https://example.org/a-very-long-unbroken-address-{'x' * 60} was blocked."
    for i in range(40)) + "\n"

# Measures the laid-out page and writes the result into the DOM (read back with --dump-dom).
PROBE = r"""<script>
(function () {
  const sample = 'abcdefghijklmnopqrstuvwxy';  // 25 average lowercase letters
  function width(text, el) {
    const s = document.createElement('span');
    s.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap';
    s.textContent = text;
    el.appendChild(s);
    const w = s.getBoundingClientRect().width;
    s.remove();
    return w;
  }
  const squeezed = [];
  const boxes = [...document.querySelectorAll('td, th, .def, .crit')];
  for (const el of boxes) {
    const text = el.textContent.trim();
    if (!text) continue;
    const cs = getComputedStyle(el);
    const inner = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    // a header may wrap between words; content may wrap, but not below 25 characters
    const need = el.tagName === 'TH'
      ? Math.max(...text.split(/\s+/).map(w => width(w, el)))
      : Math.min(width(sample, el), width(text, el));
    if (inner + 1 < need) squeezed.push([el.tagName + '.' + el.className, text.slice(0, 40),
                                         Math.round(inner), Math.round(need)]);
  }
  const d = document.documentElement;
  const out = {viewport: window.innerWidth, client: d.clientWidth, scroll: d.scrollWidth,
               bodyScroll: document.body.scrollWidth, height: d.scrollHeight,
               boxes: boxes.length, squeezed: squeezed.slice(0, 20)};
  const pre = document.createElement('pre');
  pre.id = 'layout-metrics';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which(
        "google-chrome")
    if exe is None:
        pytest.fail("chromium is needed for the layout check (apt-get install chromium)")
    return exe


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    path = folder / "p.annotator"
    with Project.create(path) as project:
        for template in ("country-reports-2019", "ciri", "udhr"):
            project.execute(AddTemplate(template))
        with project.store.begin() as tx:
            doc = tx.add_document(title="Kazakhstan 2019", country="Kazakhstan", year=2019,
                                  source_name="kz.txt", source_type="txt", text=TEXT,
                                  sha256=text_sha256(TEXT), is_report=True, segs=[])
            coders = [tx.add_coder("ann").id, tx.add_coder("bob").id]
            codes = [c for c in tx.codes() if c.codable][:12]
            for i, code in enumerate(codes):
                start = TEXT.index(f"Paragraph {i}:")
                for k, coder in enumerate(coders):
                    tx.add_coding(document_id=doc.id, start=start, end=start + 60 + 9 * k,
                                  code_id=code.id, coder_id=coder)
    out = folder / "report.html"
    with Project.open(path, backup=False) as project:
        write_html_report(project, out, ReportOptions(filter=ExportFilter(coders=("ann", "bob"))))
    return out


def measure(report: Path, width: int, tmp: Path) -> dict:
    page = tmp / f"measured-{width}.html"
    page.write_text(report.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"),
                    encoding="utf-8")
    run = subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={tmp / f'profile-{width}'}",
         f"--window-size={width},900", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=180, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    start = run.stdout.index('<pre id="layout-metrics">') + len('<pre id="layout-metrics">')
    raw = run.stdout[start:run.stdout.index("</pre>", start)]
    return json.loads(raw.replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<")
                      .replace("&gt;", ">"))


@pytest.mark.parametrize("width", [1280, 800])
def test_no_sideways_scroll_and_no_squeezed_column(report: Path, tmp_path: Path, width: int):
    m = measure(report, width, tmp_path)
    assert m["viewport"] == width, m  # the window size really applied
    assert m["boxes"] > 50, m  # the probe saw the tables and the codebook
    assert m["scroll"] <= m["client"] and m["bodyScroll"] <= m["client"], m
    assert m["squeezed"] == [], m["squeezed"]
    if width == 1280:
        assert m["height"] < 40_000, m  # the codebook no longer runs to tens of thousands of px


def test_the_probe_catches_a_squeezed_table(tmp_path: Path):
    """The measurement itself must be able to fail: the old codebook layout (a nowrap name
    column next to the definitions) is squeezed and scrolls sideways."""
    name = "Freedom of assembly and association, including peaceful protest " * 3
    rows = "".join(f'<tr><td><span style="white-space:nowrap">{name}</span></td>'
                   f"<td>{'A long definition of the code. ' * 20}</td><td>{i}</td></tr>"
                   for i in range(5))
    bad = tmp_path / "bad.html"
    bad.write_text(f"<!DOCTYPE html><html><body><table>{rows}</table></body></html>",
                   encoding="utf-8")
    m = measure(bad, 1280, tmp_path)
    assert m["scroll"] > m["client"] and m["squeezed"], m


def test_screenshots_for_a_person_to_look_at(report: Path, tmp_path: Path):
    OUTPUT.mkdir(exist_ok=True)
    for width in (1280, 800):
        shot = OUTPUT / f"report_layout_{width}.png"
        shot.unlink(missing_ok=True)
        run = subprocess.run(
            [_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--no-first-run",
             f"--user-data-dir={tmp_path / f'shot-{width}'}", f"--window-size={width},2400",
             f"--screenshot={shot}", report.as_uri()],
            capture_output=True, text=True, timeout=180, check=False)
        assert run.returncode == 0 and shot.exists(), run.stderr[-2000:]
