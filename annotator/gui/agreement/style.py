"""Colours for agreement values (graded by the customary alpha thresholds), light and dark."""

from __future__ import annotations

from PySide6.QtGui import QColor

from annotator.domain.codebook_colors import GRADE_COLORS
from annotator.gui import theme
from annotator.services.agreement import grade

#: Statistics read against the .667 / .800 thresholds; percent agreement is not chance
#: corrected, so it is shown without a grade.
GRADED = ("alpha", "kappa", "pi", "fleiss", "ac1", "bp", "alpha_u", "char_kappa")

_FILL = {
    "light": {"good": "#d5ecd7", "tentative": "#f8e6b5", "poor": "#f4cfcb", "undefined": ""},
    "dark": {"good": "#24462c", "tentative": "#554515", "poor": "#5a2626", "undefined": ""},
}
_BAR = GRADE_COLORS


def fill(value: float | None, stat: str = "alpha") -> QColor | None:
    """Background of a table cell holding ``value`` of ``stat`` (None: no fill)."""
    if stat not in GRADED:
        return None
    name = _FILL.get(theme.current(), _FILL["light"])[grade(value)]
    return QColor(name) if name else None


def bar(value: float | None) -> QColor:
    return QColor(_BAR[grade(value)])


def muted() -> QColor:
    return QColor(theme.colors(theme.current())["muted"])


def text() -> QColor:
    return QColor(theme.colors(theme.current())["text"])


def border() -> QColor:
    return QColor(theme.colors(theme.current())["border"])
