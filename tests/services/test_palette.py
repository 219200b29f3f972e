"""One palette (issue 12, item 12): charts, reports and the app share their fixed colours."""

from __future__ import annotations

from pathlib import Path

from annotator.domain import codebook_colors as palette
from annotator.services.reporting import charts_svg

ROOT = Path(__file__).resolve().parents[2] / "annotator"


def test_charts_use_the_palette() -> None:
    assert charts_svg.SERIES == ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00",
                                 "#56B4E9", "#555555")
    assert set(charts_svg.SERIES[:-1]) <= set(palette.OKABE_ITO)
    assert charts_svg.GRADE_COLORS is palette.GRADE_COLORS
    assert (charts_svg.TEXT, charts_svg.MUTED) == (palette.INK, palette.MUTED_INK)


def test_no_module_repeats_the_palette() -> None:
    """The Okabe–Ito colours, grade colours and the default grey are written only once (the
    schema's column default and the frozen migrations aside)."""
    distinctive = ["#E69F00", "#56B4E9", "#3c8d4f", "#c79a22", "#888888"]
    for path in ROOT.rglob("*.py"):
        if path.name in ("codebook_colors.py", "schema.py") or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8").lower()
        for colour in distinctive:
            assert colour.lower() not in text, f"{path.relative_to(ROOT)} repeats {colour}"
