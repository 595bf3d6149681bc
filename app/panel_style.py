"""The look the teaching panels share (matrices, gradient check, decision boundary, accuracy,
data): colours and type sizes in one place, for each Look, taken from the canvas's style
where it has them (the diverging CET-CBD1 map and its Palette with the black/white ink of
each entry, the accent of the current step, the ink), so that a theme change restyles these
panels as it does the canvas. `style(look)` gives the PanelStyle of a look (made once each).

Classes are told apart by marker shape as well as colour (no information by colour alone).
Every colour a panel writes text in has a contrast of at least 4.5 : 1 (WCAG 2.x) against
the background it is written on, in each theme; marker colours at least 3 : 1, with an
outline in the ink.
"""

from __future__ import annotations

from functools import lru_cache

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QCheckBox, QListWidget

from app.canvas import style as canvas_style
from app.canvas.style import ink_for
from app.theme import FAMILY, Look

# Okabe–Ito (colour-blind safe) for classes, darkened where the light ones vanish on white,
# lightened on the dark theme's background (black, class 8, becomes white there)
CLASS_COLORS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9",
                "#7a6a00", "#000000", "#8c564b", "#666666")
DARK_CLASS_COLORS = ("#56b4e9", "#ff8a4c", "#3fd0a0", "#e7a3c9", "#f0c24a", "#a8d8f5",
                     "#d8c84a", "#ffffff", "#c79a8e", "#b0b0b0")
CLASS_SYMBOLS = ("o", "s", "t", "d", "star", "p", "h", "t1", "+", "x")
# the check passes: bluish green; it fails: vermillion (Okabe–Ito, darkened / lightened)
VERDICT_COLORS = {"light": ("#006e4f", "#b8450b"), "dark": ("#3fd0a0", "#ff8a4c"),
                  "high-contrast": ("#00553c", "#a03000")}

SURFACE_ALPHA = 150   # of 255: the decision surface is lighter than the points over it
TEXT_PT = 12          # panel text
TITLE_PT = 11         # plot titles
CELL_PT = 9           # numbers printed in matrix cells
VERDICT_PT = 15       # the gradient check's verdict


class PanelStyle:
    """The colours, fonts and colour map of the teaching panels in one Look."""

    def __init__(self, look: Look):
        self.look = look
        t = look.theme
        canvas = canvas_style.CanvasStyle(look)
        self.canvas = canvas
        self.dark = t.name == "dark"
        self.ink = QColor(t.plot_ink)              # text, axes, outlines on the plots
        self.soft_ink = canvas.soft_ink
        self.background = QColor(t.plot_background)   # behind the plots and heatmaps
        self.accent = canvas.accent                # the current micro-step, Δ cells it changes
        self.select = canvas.select                # the selected weight
        self.passed, self.failed = (QColor(c) for c in VERDICT_COLORS.get(
            t.name, VERDICT_COLORS["light"]))
        self.not_computed = QColor(t.pending_ink)
        self.class_colors = DARK_CLASS_COLORS if self.dark else CLASS_COLORS
        self.palette = canvas.palette               # 256 map entries, each with its ink
        self.stroke = look.stroke                   # heavier lines in high contrast
        # lines and marker rims drawn over the decision surface: the ink that reads best on
        # the map's centre (h = 0.5, where the boundary runs) laid over the page (black on
        # both pages: the light centre stays light enough over the dark one)
        centre = self.palette.colors[self.palette.N // 2]
        self.surface_ink = ink_for(over(centre, self.background, SURFACE_ALPHA / 255))

    def colormap(self) -> pg.ColorMap:
        """The canvas's diverging, colour-blind-safe map (blue − · grey 0 · olive +)."""
        return self.canvas.colormap()

    def font(self, pt: float = TEXT_PT, bold: bool = False) -> QFont:
        """The panels' family at `pt` points times the look's text scale; one step heavier
        in a bold theme."""
        f = QFont(FAMILY)
        f.setStyleHint(QFont.SansSerif)
        f.setPointSizeF(round(pt * self.look.scale * 2) / 2)
        f.setWeight(self.look.weight(QFont.Bold if bold else QFont.Normal))
        return f

    def label_style(self) -> dict[str, str]:
        """An axis label's CSS for pyqtgraph's setLabel: the ink, the panel text's size
        (scaled), bold in a bold theme."""
        css = {"color": self.ink.name(), "font-size": f"{self.font(TEXT_PT - 1).pointSizeF():g}pt"}
        if self.look.theme.bold:
            css["font-weight"] = "bold"
        return css

    def class_color(self, k: int) -> QColor:
        return QColor(self.class_colors[k % len(self.class_colors)])

    def binary_class_colors(self) -> tuple[QColor, QColor]:
        """Class 0 and class 1 of a one-output problem: the ends of the diverging map, so
        the points match the probability image behind them (low h blue, high h olive)."""
        lut = self.colormap().getLookupTable(0.0, 1.0, 256, alpha=False)
        return QColor(*(int(v) for v in lut[16])), QColor(*(int(v) for v in lut[239]))

    def binary_marker_colors(self) -> tuple[QColor, QColor]:
        """The two classes' markers: the map's end colours darkened on a light page (to
        stand out on the lighter probability image), lightened on the dark one."""
        return tuple(c.lighter(115) if self.dark else c.darker(160)
                     for c in self.binary_class_colors())

    def ink_on(self, fill: QColor) -> QColor:
        """Black or white, whichever reads better on `fill`."""
        return ink_for(fill)

    def error_line(self, label) -> None:
        """A panel's error line (a file that cannot be read): the fail colour, semibold."""
        tint(label, self.failed)
        font = label.font()
        font.setWeight(self.look.weight(QFont.DemiBold))
        label.setFont(font)


def over(color: QColor, page: QColor, strength: float) -> QColor:
    """`color` at `strength` (0 … 1) over `page`, as the opaque colour it looks like (the
    colour a text must contrast with, not the translucent brush)."""
    def m(a: int, b: int) -> int:
        return round(b + (a - b) * strength)
    return QColor(m(color.red(), page.red()), m(color.green(), page.green()),
                  m(color.blue(), page.blue()))


@lru_cache(maxsize=8)
def style(look: Look | None = None) -> PanelStyle:
    """The PanelStyle of `look` (the light theme's by default); made on first use, since
    fonts need the QApplication."""
    return PanelStyle(look or Look())


def tint(widget, color: QColor | None) -> None:
    """`widget`'s text in `color`, or (None) in its parent's text colour again. Through the
    palette, not a style sheet: a style sheet would give the widget the application's
    palette under it, not the window's theme."""
    if color is None:
        widget.setPalette(QPalette())         # nothing set: inherits the parent's again
        return
    pal = QPalette()
    for role in (QPalette.WindowText, QPalette.Text):
        pal.setColor(role, color)
    widget.setPalette(pal)


# the Window colour a check box gets, whose Fusion darkens it by 1.4 for the box's rim:
# a rim of #6e6e6e on the light page, #949699 on the dark one, black in high contrast
INDICATOR_WINDOW = {"light": "#9a9a9a", "dark": "#d0d3d8", "high-contrast": "#000000"}


def visible_indicators(root, look: Look) -> None:
    """Check boxes (and the checkable rows of lists) under `root` with a box that shows on
    its page (3 : 1). Fusion draws the box's rim in the widget's Window colour darkened
    by 1.4: on the window's own colour that is 2 : 1 on the light page and 1.1 : 1 on the
    dark one. Those widgets get a Window colour that only that rim uses (a check box paints
    no background of its own, a list paints its rows in Base)."""
    colour = QColor(INDICATOR_WINDOW.get(look.theme.name, INDICATOR_WINDOW["light"]))
    for widget in root.findChildren(QCheckBox) + root.findChildren(QListWidget):
        pal = QPalette()          # nothing else set: the rest inherits the window's palette
        pal.setColor(QPalette.Window, colour)
        widget.setPalette(pal)


def class_symbol(k: int) -> str:
    return CLASS_SYMBOLS[k % len(CLASS_SYMBOLS)]


def short_number(v: float) -> str:
    """A value in at most 5 characters for a matrix cell: 0.34, −0.56, 12.3, 123, 1e3;
    0.00 for a value below 0.005 in size and 0 for zero itself."""
    v = float(v)
    if v != v:
        return "NaN"
    a = abs(v)
    if a < 0.005:          # shows as 0.00 (the hover line gives every digit)
        return "0" if a == 0.0 else "0.00"
    if a >= 999.5:
        mant, exp = f"{v:.0e}".split("e")
        text = f"{mant}e{int(exp)}"
    elif a >= 99.5:
        text = f"{v:.0f}"
    elif a >= 9.95:
        text = f"{v:.1f}"
    else:
        text = f"{v:.2f}"
    return text.replace("-", "−")
