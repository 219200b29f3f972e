"""Colours and cached character formats for coded text, aware of light and dark palettes.

A tint is the code's colour laid at low opacity over the page colour, so the text keeps its
contrast (checked against WCAG AA and lightened when needed); overlaps blend the top two
colours and add an underline in the second one. The focused code is not a format at all: it is
framed over the text at paint time (focus.py), so focusing restyles nothing.

No format ever changes the font, weight, size or spacing: coding, focusing, hovering, undo and
hiding coders restyle colours only, so the text never re-wraps under the reader's eyes.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette, QTextCharFormat

from annotator.domain.codebook_colors import MISSING_CODE_COLOR
from annotator.gui.document_view.runs import StyleKey

# opacity of the tint by overlap depth (1, 2, 3+), for light and dark pages
_ALPHA_LIGHT = {1: 0.26, 2: 0.32, 3: 0.38}
_ALPHA_DARK = {1: 0.30, 2: 0.37, 3: 0.44}
_MIN_CONTRAST = 4.5


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved a fraction ``t`` towards ``b`` (opaque)."""
    return QColor(round(a.red() + (b.red() - a.red()) * t),
                  round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t))


def _lum(c: QColor) -> float:
    def ch(v: int) -> float:
        x = v / 255
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4

    return 0.2126 * ch(c.red()) + 0.7152 * ch(c.green()) + 0.0722 * ch(c.blue())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two opaque colours (1..21)."""
    la, lb = _lum(a), _lum(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


class Styles:
    """Formats per :class:`StyleKey`, and the strong colours for margin bars."""

    def __init__(self, palette: QPalette | None = None) -> None:
        self._formats: dict[StyleKey, QTextCharFormat] = {}
        self._colors: dict[str, QColor] = {}
        self.base = QColor("#ffffff")
        self.text = QColor("#000000")
        self.dark = False
        self.set_palette(palette or QPalette())

    def matches(self, palette: QPalette) -> bool:
        return (palette.color(QPalette.ColorRole.Base) == self.base
                and palette.color(QPalette.ColorRole.Text) == self.text)

    def set_palette(self, palette: QPalette) -> None:
        self.base = palette.color(QPalette.ColorRole.Base)
        self.text = palette.color(QPalette.ColorRole.Text)
        self.dark = self.base.lightnessF() < 0.5
        self._formats.clear()
        self._colors.clear()

    def color(self, name: str) -> QColor:
        c = self._colors.get(name)
        if c is None:
            c = QColor(name)
            if not c.isValid():
                c = QColor(MISSING_CODE_COLOR)
            self._colors[name] = c
        return c

    def tint(self, name: str, alpha: float) -> QColor:
        """``name`` laid over the page at ``alpha``, lightened until the text stays readable."""
        bg = mix(self.base, self.color(name), alpha)
        while alpha > 0.05 and contrast(self.text, bg) < _MIN_CONTRAST:
            alpha -= 0.03
            bg = mix(self.base, self.color(name), alpha)
        return bg

    def bar(self, name: str) -> QColor:
        """Full-strength colour for a margin bar (a touch softened on dark pages)."""
        c = self.color(name)
        return mix(c, self.base, 0.12) if self.dark else c

    def format(self, key: StyleKey) -> QTextCharFormat:
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = self._formats[key] = self._make(key)
        return fmt

    def _make(self, key: StyleKey) -> QTextCharFormat:
        alphas = _ALPHA_DARK if self.dark else _ALPHA_LIGHT
        alpha = alphas[key.depth]
        top = self.color(key.top)
        if key.second is not None and key.second != key.top:
            blend = mix(top, self.color(key.second), 0.35)
            bg = mix(self.base, blend, alpha)
            a = alpha
            while a > 0.05 and contrast(self.text, bg) < _MIN_CONTRAST:
                a -= 0.03
                bg = mix(self.base, blend, a)
        else:
            bg = self.tint(key.top, alpha)
        fmt = QTextCharFormat()
        fmt.setBackground(bg)
        if key.depth >= 2 and key.second is not None:
            under = self.color(key.second)
            under = mix(under, self.text, 0.25)
            # always solid: a dashed underline is how proposals are drawn (proposal_layer)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(under)
        return fmt
