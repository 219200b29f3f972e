"""Code colours: normalise the colour strings users and other programs write, derive shades.

Every colour stored in a codebook is ``#RRGGBB`` in upper case. :func:`normalize_color` turns
the spellings found in the wild into that form and refuses anything else.
"""

from __future__ import annotations

import re

from annotator.domain.errors import ValidationError

# --- The palette: every fixed colour the app, its charts and reports share is defined here. ---
#: Okabe–Ito colour-blind-safe palette (black left out), in the order used for top-level codes.
OKABE_ITO: tuple[str, ...] = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
)
#: Chart series: Okabe–Ito starting with blue, without the yellow that is too light on white,
#: then a neutral grey.
CHART_SERIES: tuple[str, ...] = (*(OKABE_ITO[i] for i in (4, 0, 2, 6, 5, 1)), "#555555")
#: Agreement grades (by the .667 / .800 thresholds) for bars and chart marks.
GRADE_COLORS: dict[str, str] = {"good": "#3c8d4f", "tentative": "#c79a22", "poor": "#c0504d",
                                "undefined": "#9aa0a6"}
#: A new code's colour, and the grey a coding whose code is missing (dangling) is drawn in.
#: (The database schema repeats it as the column default; migrations are frozen history.)
DEFAULT_CODE_COLOR = MISSING_CODE_COLOR = "#888888"
#: The accent of printed reports (Okabe–Ito blue).
ACCENT = OKABE_ITO[4]
#: Ink on light backgrounds: body text, muted text, grid lines (app theme and printed charts).
INK, MUTED_INK, GRID_LINE = "#1f2328", "#6b6f76", "#d9d9d6"

_STRICT = re.compile(r"#[0-9A-Fa-f]{6}")
_HEX = re.compile(r"(?:#|0x)?([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})")
_RGB = re.compile(r"rgba?\(\s*([^)]*)\)", re.IGNORECASE)

# A short list of everyday and CSS colour names (lower case, no spaces).
NAMED_COLORS: dict[str, str] = {
    "black": "#000000", "white": "#FFFFFF", "red": "#FF0000", "green": "#008000",
    "blue": "#0000FF", "yellow": "#FFFF00", "orange": "#FFA500", "purple": "#800080",
    "pink": "#FFC0CB", "brown": "#A52A2A", "gray": "#808080", "grey": "#808080",
    "cyan": "#00FFFF", "aqua": "#00FFFF", "magenta": "#FF00FF", "fuchsia": "#FF00FF",
    "lime": "#00FF00", "navy": "#000080", "teal": "#008080", "maroon": "#800000",
    "olive": "#808000", "silver": "#C0C0C0", "gold": "#FFD700", "indigo": "#4B0082",
    "violet": "#EE82EE", "turquoise": "#40E0D0", "beige": "#F5F5DC", "crimson": "#DC143C",
    "coral": "#FF7F50", "salmon": "#FA8072", "khaki": "#F0E68C", "lavender": "#E6E6FA",
    "tan": "#D2B48C", "skyblue": "#87CEEB", "darkred": "#8B0000", "darkgreen": "#006400",
    "darkblue": "#00008B", "darkgray": "#A9A9A9", "darkgrey": "#A9A9A9",
    "lightblue": "#ADD8E6", "lightgreen": "#90EE90", "lightgray": "#D3D3D3",
    "lightgrey": "#D3D3D3", "lightyellow": "#FFFFE0", "darkorange": "#FF8C00",
}


def is_hex_color(value: object) -> bool:
    """True for the stored form ``#RRGGBB`` (either case)."""
    return isinstance(value, str) and _STRICT.fullmatch(value) is not None


def normalize_color(value: str) -> str:
    """Return ``#RRGGBB`` (upper case) for a colour written in a common way.

    Accepted: ``#RGB``, ``#RRGGBB``, ``#AARRGGBB`` (alpha first, as Qt writes it; alpha is
    dropped), the same without ``#`` or with ``0x``, ``rgb(r, g, b)`` / ``rgba(r, g, b, a)`` with
    0–255 or percentage components, and the names in :data:`NAMED_COLORS`.
    Raises :class:`ValidationError` for anything else.
    """
    if not isinstance(value, str):
        raise ValidationError(f"colour must be text, got {type(value).__name__}")
    text = value.strip()
    m = _HEX.fullmatch(text)
    if m:
        digits = m.group(1)
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        elif len(digits) == 8:
            digits = digits[2:]
        return "#" + digits.upper()
    m = _RGB.fullmatch(text)
    if m:
        return _from_rgb_function(value, m.group(1))
    key = re.sub(r"[\s_-]+", "", text.lower())
    if key in NAMED_COLORS:
        return NAMED_COLORS[key]
    raise ValidationError(f"unknown colour {value!r} (use #RRGGBB, rgb(r, g, b) or a colour name)")


def _from_rgb_function(original: str, inner: str) -> str:
    parts = [p for p in re.split(r"[\s,/]+", inner.strip()) if p]
    if len(parts) not in (3, 4):
        raise ValidationError(f"unknown colour {original!r}: rgb() needs three components")
    channels = []
    for part in parts[:3]:
        try:
            number = float(part[:-1]) / 100 * 255 if part.endswith("%") else float(part)
        except ValueError:
            raise ValidationError(
                f"unknown colour {original!r}: {part!r} is not a number") from None
        if not 0 <= number <= 255.0001:
            raise ValidationError(f"unknown colour {original!r}: {part!r} is out of range")
        channels.append(min(255, round(number)))
    return "#{:02X}{:02X}{:02X}".format(*channels)


def _channels(color: str) -> tuple[int, int, int]:
    c = normalize_color(color)
    return int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)


def shade(color: str, amount: float) -> str:
    """Mix a colour towards white (``amount`` > 0) or black (< 0); ``amount`` is in -1..1."""
    amount = max(-1.0, min(1.0, amount))
    target = 255 if amount > 0 else 0
    frac = abs(amount)
    mixed = (round(c + (target - c) * frac) for c in _channels(color))
    return "#{:02X}{:02X}{:02X}".format(*mixed)


# Lighter and darker steps used in turn for siblings, so neighbours stay distinguishable.
_CHILD_STEPS: tuple[float, ...] = (0.30, -0.25, 0.50, -0.40, 0.15, 0.65, -0.10, 0.40, -0.50)


def child_color(parent_color: str, index: int) -> str:
    """Colour for the ``index``-th child of a code: a lighter or darker shade of its parent."""
    return shade(parent_color, _CHILD_STEPS[index % len(_CHILD_STEPS)])


def palette_color(index: int) -> str:
    """The ``index``-th top-level colour (Okabe–Ito, repeating)."""
    return OKABE_ITO[index % len(OKABE_ITO)]
