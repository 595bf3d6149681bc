"""The look the teaching panels share (matrices, gradient check, decision boundary, accuracy,
help): colours and type sizes in one place, taken from the canvas's style where it has them
(the diverging CET-CBD1 map and its Palette, the accent of the current step, the ink), so
that the theme object that replaces app/canvas/style.py changes these panels too.

Classes are told apart by marker shape as well as colour (no information by colour alone).
"""

from __future__ import annotations

from functools import lru_cache

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont

from app.canvas import style as canvas_style
from app.theme import FAMILY, Look

_COLOURS = {"INK": "ink", "SOFT_INK": "soft_ink", "BACKGROUND": "background",
            "ACCENT": "accent",           # the current micro-step, the Δ cells it changes
            "SELECT": "select"}           # the selected weight


@lru_cache(maxsize=1)
def _style() -> canvas_style.CanvasStyle:
    """The light theme's canvas style (made on first use: fonts need the QApplication)."""
    return canvas_style.CanvasStyle(Look())


def __getattr__(name: str):
    if name in _COLOURS:
        return getattr(_style(), _COLOURS[name])
    raise AttributeError(name)
PASS = QColor("#006e4f")                  # the check passes: bluish green (Okabe–Ito)
FAIL = QColor("#b8450b")                  # the check fails: vermillion (Okabe–Ito, darkened)
NOT_COMPUTED = QColor("#9a9a9a")

# Okabe–Ito (colour-blind safe) for classes, darkened where the light ones vanish on white
CLASS_COLORS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9",
                "#7a6a00", "#000000", "#8c564b", "#666666")
CLASS_SYMBOLS = ("o", "s", "t", "d", "star", "p", "h", "t1", "+", "x")

TEXT_PT = 12          # panel text
TITLE_PT = 11         # plot titles
CELL_PT = 9           # numbers printed in matrix cells
VERDICT_PT = 15       # the gradient check's verdict


def colormap() -> pg.ColorMap:
    """The canvas's diverging, colour-blind-safe map (blue − · grey 0 · olive +)."""
    return _style().colormap()


def palette() -> canvas_style.Palette:
    """The canvas's 256-entry lookup of that map, with black/white ink for each entry."""
    return _style().palette


def class_color(k: int) -> QColor:
    return QColor(CLASS_COLORS[k % len(CLASS_COLORS)])


def class_symbol(k: int) -> str:
    return CLASS_SYMBOLS[k % len(CLASS_SYMBOLS)]


def binary_class_colors() -> tuple[QColor, QColor]:
    """Class 0 and class 1 of a one-output problem: the ends of the diverging map, so the
    points match the probability image behind them (low h blue, high h olive)."""
    lut = colormap().getLookupTable(0.0, 1.0, 256, alpha=False)
    return QColor(*(int(v) for v in lut[16])), QColor(*(int(v) for v in lut[239]))


def binary_marker_colors() -> tuple[QColor, QColor]:
    """The two classes' markers: the map's end colours darkened, to stand out on the
    lighter probability image behind them."""
    return tuple(c.darker(160) for c in binary_class_colors())


def font(pt: float = TEXT_PT, bold: bool = False) -> QFont:
    f = QFont(FAMILY)
    f.setStyleHint(QFont.SansSerif)
    f.setPointSizeF(pt)
    f.setBold(bold)
    return f


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
