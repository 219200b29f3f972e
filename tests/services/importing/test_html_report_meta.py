"""Title, country and year of a state.gov page from all its evidence (issue 12, item 13).

Fixtures are two 2023 corpus pages cut down by hand: ``state-gov-2023-kenya.html`` has the whole
report title in its headline; ``state-gov-2023-russia-country-headline.html`` has only the
country there (``<h1 …report-header__headline…>Russia <span …>``), as on later pages.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotator.services.importing.html import HtmlImporter
from annotator.services.importing.html_report_meta import Evidence, resolve
from annotator.services.importing.pipeline import import_files, prepare
from annotator.services.project import Project

FIXTURES = Path(__file__).resolve().parent / "fixtures"
KENYA = FIXTURES / "state-gov-2023-kenya.html"
RUSSIA = FIXTURES / "state-gov-2023-russia-country-headline.html"
FULL = "2023 Country Reports on Human Rights Practices: "


def write(tmp_path: Path, name: str, page: str) -> Path:
    out = tmp_path / name
    out.write_text(page, encoding="utf-8")
    return out


def test_full_headline_page() -> None:
    prep = prepare(KENYA)
    assert (prep.title, prep.country, prep.year) == (FULL + "Kenya", "Kenya", 2023)
    assert prep.is_report and not prep.warnings


def test_country_only_headline_takes_year_and_title_from_the_page() -> None:
    page = RUSSIA.read_text(encoding="utf-8")
    assert re.search(r'report-header__headline[^>]*>Russia <span', page)
    prep = prepare(RUSSIA)
    assert (prep.title, prep.country, prep.year) == (FULL + "Russia", "Russia", 2023)
    assert prep.is_report and not prep.warnings
    assert prep.text.startswith("Russia April 22, 2024\n\n")  # the text itself is unchanged


@pytest.mark.parametrize("keep", ["canonical", "og", "title", "jsonld", "breadcrumb"])
def test_each_source_alone_gives_the_year(tmp_path: Path, keep: str) -> None:
    page = RUSSIA.read_text(encoding="utf-8")
    drop = {
        "canonical": r'<link rel="canonical"[^>]*>',
        "og": r'<meta property="og:url"[^>]*>',
        "jsonld": r'<script type="application/ld\+json"[^>]*>.*?</script>',
        "breadcrumb": r'<div id="breadcrumb__wrapper">.*?</div>\s*</div>\s*</div>',
    }
    for name, pattern in drop.items():
        if name != keep:
            page, n = re.subn(pattern, "", page, flags=re.DOTALL)
            assert n == 1, name
    if keep == "title":
        page = page.replace("<title>Russia - United States Department of State</title>",
                            f"<title>{FULL}Russia - United States Department of State</title>")
    prep = prepare(write(tmp_path, "russia.html", page))
    assert (prep.country, prep.year) == ("Russia", 2023), keep


def test_no_evidence_leaves_the_year_empty(tmp_path: Path) -> None:
    page = RUSSIA.read_text(encoding="utf-8")
    page = re.sub(r"2023-country-reports|2023 Country Reports", "country-reports", page)
    prep = prepare(write(tmp_path, "russia.html", page))
    assert (prep.title, prep.country, prep.year) == ("Russia", "Russia", None)


def test_disagreement_names_the_winner(tmp_path: Path) -> None:
    canonical = ('<link rel="canonical" href="https://www.state.gov/reports/{}-country-reports-'
                 'on-human-rights-practices/russia/">')
    page = RUSSIA.read_text(encoding="utf-8")
    assert canonical.format(2023) in page
    page = page.replace(canonical.format(2023), canonical.format(2022))
    result = HtmlImporter().extract(Path("r.html"), page.encode())
    assert result.year == 2023
    assert result.warnings == ["report year 2023 taken from the breadcrumb; the canonical "
                               "link says 2022"]
    with Project.create(tmp_path / "p.annotator") as project:
        report = import_files(project, [write(tmp_path, "r.html", page)], workers=1)
    assert [w for _f, w in report.warnings] == result.warnings
    assert report.imported[0].year == 2023


def test_headline_beats_the_rest() -> None:
    meta = resolve([Evidence("<title>", 2021, "Russia"), Evidence("headline", 2023, "Russia"),
                    Evidence("og:url", 2023, "Russia")])
    assert (meta.year, meta.year_source) == (2023, "headline")
    assert meta.notes == ["report year 2023 taken from the headline; the <title> says 2021"]
    assert meta.title == FULL + "Russia"


def test_documents_listing_flags_a_missing_year(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from annotator.cli import main

    project = tmp_path / "p.annotator"
    note = write(tmp_path, "note.txt", "Just a note.\n")
    assert main(["new", str(project)]) == 0
    assert main(["import", str(project), str(KENYA), str(note)]) == 0
    capsys.readouterr()
    assert main(["documents", str(project)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"\b2 +note +\? ", out)
    assert "? = no year (1 document(s): 2)" in out
    assert main(["set-year", str(project), "2", "2019"]) == 0
    capsys.readouterr()
    assert main(["documents", str(project)]) == 0
    assert "no year" not in capsys.readouterr().out
