"""Light and dark palettes (Fusion style) and the few style rules the workbench needs."""

from __future__ import annotations

import gc

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from annotator.domain.codebook_colors import INK, MUTED_INK
from annotator.gui.gc_pause import gc_paused

_LIGHT = {
    "window": "#f3f3f1", "base": "#ffffff", "alt": "#f7f7f5", "text": INK,
    "mid": "#d6d6d2", "button": "#ecece9", "highlight": "#2f6fb3", "htext": "#ffffff",
    "muted": MUTED_INK, "tooltip": "#fffef4", "link": "#1f5fa0", "border": "#cfcfca",
}
_DARK = {
    "window": "#24262a", "base": "#1b1d20", "alt": "#212326", "text": "#dcdee1",
    "mid": "#3a3d42", "button": "#2d3035", "highlight": "#3d7fc4", "htext": "#ffffff",
    "muted": "#9097a0", "tooltip": "#2d3035", "link": "#79b2ea", "border": "#3a3d42",
}

THEMES = {"light": _LIGHT, "dark": _DARK}


def colors(theme: str) -> dict[str, str]:
    return THEMES.get(theme, _LIGHT)


def palette(theme: str) -> QPalette:
    c = colors(theme)
    p = QPalette()
    role = QPalette.ColorRole
    p.setColor(role.Window, QColor(c["window"]))
    p.setColor(role.WindowText, QColor(c["text"]))
    p.setColor(role.Base, QColor(c["base"]))
    p.setColor(role.AlternateBase, QColor(c["alt"]))
    p.setColor(role.Text, QColor(c["text"]))
    p.setColor(role.Button, QColor(c["button"]))
    p.setColor(role.ButtonText, QColor(c["text"]))
    p.setColor(role.Highlight, QColor(c["highlight"]))
    p.setColor(role.HighlightedText, QColor(c["htext"]))
    p.setColor(role.ToolTipBase, QColor(c["tooltip"]))
    p.setColor(role.ToolTipText, QColor(c["text"]))
    p.setColor(role.PlaceholderText, QColor(c["muted"]))
    p.setColor(role.Link, QColor(c["link"]))
    p.setColor(role.Mid, QColor(c["mid"]))
    p.setColor(role.Midlight, QColor(c["mid"]).lighter(110))
    p.setColor(role.Dark, QColor(c["mid"]).darker(130))
    p.setColor(role.Light, QColor(c["base"]))
    p.setColor(role.BrightText, QColor("#ff5555"))
    disabled = QColor(c["muted"])
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, r, disabled)
    return p


def stylesheet(theme: str) -> str:
    c = colors(theme)
    return f"""
QMainWindow::separator {{ background: {c['border']}; width: 1px; height: 1px; }}
QDockWidget {{ font-weight: 600; }}
QDockWidget::title {{ padding: 5px 8px; background: {c['window']}; }}
QDockWidget > QWidget {{ font-weight: normal; }}
QToolBar {{ border: none; border-bottom: 1px solid {c['border']}; spacing: 4px; padding: 3px 6px; }}
QStatusBar {{ border-top: 1px solid {c['border']}; }}
QStatusBar QLabel {{ padding: 0 8px; }}
QLabel#hint {{ color: {c['muted']}; padding: 12px; }}
QLabel#muted {{ color: {c['muted']}; }}
QLabel#panelTitle {{ font-weight: 600; }}
QLabel#blindBadge {{ background: #b45309; color: white; border-radius: 3px; padding: 1px 8px;
                    font-weight: 600; }}
QFrame#definition {{ background: {c['alt']}; border-top: 1px solid {c['border']}; }}
QFrame#findBar {{ border-top: 1px solid {c['border']}; }}
QTreeView, QListView, QTableView, QPlainTextEdit {{ border: none; }}
QLineEdit {{ padding: 3px 5px; }}
"""


def apply(app: QApplication, theme: str) -> None:
    """Switch the whole application to ``theme`` ("light" or "dark")."""
    set_look(app, style="Fusion" if "Fusion" in QStyleFactory.keys() else None,
             palette=palette(theme), sheet=stylesheet(theme), theme=theme)


_KEEP = object()


def set_look(app: QApplication, *, style: str | None = None, palette: QPalette | None = None,
             sheet: str | None = None, theme: object = _KEEP) -> None:
    """Change the application's style, palette or style sheet (``None``: keep it) and the
    theme it records (``theme=None`` forgets it). The only way the look of the whole
    application changes: Qt sends each change to every widget, and the cycle collector must
    wait while it does (see :mod:`annotator.gui.gc_pause`); garbage is collected first, so no
    leftover widget of a closed window is sent anything. What is already so is not sent again."""
    if theme is not _KEEP:
        app.setProperty("annotator_theme", theme)
    style = None if style is None or app.style().name().casefold() == style.casefold() else style
    palette = None if palette is None or palette == app.palette() else palette
    sheet = None if sheet is None or sheet == app.styleSheet() else sheet
    if style is None and palette is None and sheet is None:
        return
    gc.collect()
    with gc_paused():
        if style is not None:
            app.setStyle(QStyleFactory.create(style))
        if palette is not None:
            app.setPalette(palette)
        if sheet is not None:
            app.setStyleSheet(sheet)


def current(app: QApplication | None = None) -> str:
    app = app or QApplication.instance()  # type: ignore[assignment]
    value = app.property("annotator_theme") if app is not None else None
    return str(value) if value else "light"


def ui_font() -> QFont:
    f = QFont()
    f.setPointSizeF(max(f.pointSizeF(), 9.5))
    return f
