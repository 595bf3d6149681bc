"""Look of the canvas: geometry in scene units, fonts, the diverging colour map, number text.

Everything is in scene units; the view scales the scene to fit, so sizes here are relative.
The colour map (CET-CBD1, colour-blind safe, blue − · light grey · olive +) is sampled once
into 256 QColors/QBrushes; a value v on scale s gets entry round((v/s + 1)/2 · 255).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen

# ---- geometry (scene units) --------------------------------------------------------------

R = 32.0                 # unit radius
BIAS = 25.0              # half side of a bias square
PITCH = 88.0             # vertical distance between unit centres (caption sits in between)
MORE_GAP = 30.0          # extra distance around the "… n more" row
COMPACT_ROWS = 7         # taller layers (in rows) switch the figure to compact mode:
PITCH_COMPACT = 2 * R + 10.0  # captions beside the units, units closer together
MORE_GAP_COMPACT = 26.0
DX_COMPACT = 330.0       # tall figures are height-bound: spread the layers, untangle edges
DX = 260.0               # horizontal distance between layers
CAPTION_DY = R + 13.0    # caption centre below the unit centre
HEADER_GAP = 26.0        # between the top of the highest unit and the header's bottom
BUTTON_GAP = 36.0        # between the lowest caption and the button row
COLLAPSE_ABOVE = 12      # layers with more units show the first and last COLLAPSE_SHOW
COLLAPSE_SHOW = 5
MAX_FIT_SCALE = 1.8      # fit() never blows a tiny network up beyond this

# ---- fonts (pixel sizes are scene units) --------------------------------------------------

FAMILY = "Sans Serif"


def font(px: float, weight: QFont.Weight = QFont.Normal, italic: bool = False,
         stretch: int = QFont.Unstretched) -> QFont:
    f = QFont(FAMILY)
    f.setStyleHint(QFont.SansSerif)
    f.setStretch(stretch)
    f.setPixelSize(max(1, round(px)))
    f.setWeight(weight)
    f.setItalic(italic)
    return f


HEADER_FONT = font(25, QFont.Bold)
SUBHEADER_FONT = font(20)
VALUE_PX = 21            # shrunk at build time if "−0.000" would not fit inside a unit
CAPTION_FONT = font(15)
CAPTION_FONT_COMPACT = font(19)   # beside the units there is room: larger captions
BIAS_FONT = font(19, QFont.Bold)
MORE_FONT = font(18, QFont.Normal, italic=True)
BUTTON_FONT = font(17, QFont.Bold)
BUTTON_LABEL_FONT = font(14)

# ---- colours --------------------------------------------------------------------------------

BACKGROUND = QColor("#ffffff")
INK = QColor("#1a1a1a")            # text, outlines
SOFT_INK = QColor("#5a5a5a")       # captions, "… n more", button text
NODE_OUTLINE = QColor("#3c3c3c")
PENDING_FILL = QColor("#f1f1f1")   # a value not computed yet for this example
PENDING_INK = QColor("#9a9a9a")
INPUT_FILL = QColor("#ffffff")     # layer 1 when nodes show z or δ (it has neither)
BIAS_FILL = QColor("#ffffff")
NEUTRAL_EDGE = QColor("#c4c4c4")   # edges when the shown quantity does not exist yet (D)
ACCENT = QColor("#7b2fbe")         # the current micro-step (purple: apart from blue/olive)
ACCENT_BAND = QColor(123, 47, 190, 30)
ACCENT_BAND_EDGE = QColor(123, 47, 190, 110)
SELECT = QColor("#111111")         # selection ring / edge glow
SELECT_GLOW = QColor(17, 17, 17, 80)
BUTTON_FILL = QColor("#fafafa")
BUTTON_HOVER = QColor("#e8e0f3")
BUTTON_EDGE = QColor("#a8a8a8")

NODE_PEN_WIDTH = 1.6
ACTIVE_PEN_WIDTH = 5.5
EDGE_MIN_W, EDGE_MAX_W = 1.0, 9.0
EDGE_W_STEPS = 32                  # widths are quantised so pens can be cached
FADED = 0.25                       # strength of edges not carrying the current step's values
SCALE_FLOOR = 1e-12

COLORMAP_NAME = "CET-CBD1"


def colormap() -> pg.ColorMap:
    return pg.colormap.get(COLORMAP_NAME)


def _luminance(c: QColor) -> float:
    def lin(u: float) -> float:
        return u / 12.92 if u <= 0.04045 else ((u + 0.055) / 1.055) ** 2.4
    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())


def ink_for(fill: QColor) -> QColor:
    """Black or white text, whichever contrasts more with `fill` (WCAG luminance)."""
    y = _luminance(fill)
    return QColor("#000000") if (y + 0.05) / 0.05 >= 1.05 / (y + 0.05) else QColor("#ffffff")


class Palette:
    """The 256-entry lookup of the diverging map, as QColors and ready QBrushes, plus the
    black/white text brush for each entry and a cache of edge pens. Built once."""

    N = 256

    def __init__(self) -> None:
        lut = colormap().getLookupTable(0.0, 1.0, self.N, alpha=False)
        self.colors = [QColor(int(r), int(g), int(b)) for r, g, b in lut]
        self.brushes = [QBrush(c) for c in self.colors]
        self.ink = [QBrush(ink_for(c)) for c in self.colors]
        self._pens: dict[tuple[int, int, bool], QPen] = {}

    @staticmethod
    def indices(values: np.ndarray, scale: float) -> np.ndarray:
        """Lookup indices 0 … 255 for values on the symmetric scale [−scale, scale]."""
        t = (np.asarray(values, dtype=np.float64) / scale + 1.0) * 0.5
        t = np.nan_to_num(t, nan=0.5, posinf=1.0, neginf=0.0)
        return np.clip(np.rint(t * (Palette.N - 1)), 0, Palette.N - 1).astype(np.intp)

    @staticmethod
    def width_steps(values: np.ndarray, scale: float) -> np.ndarray:
        """Quantised |value|/scale in 0 … EDGE_W_STEPS (width ∝ |value|)."""
        u = np.abs(np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0)) / scale
        return np.clip(np.rint(u * EDGE_W_STEPS), 0, EDGE_W_STEPS).astype(np.intp)

    def edge_pen(self, ci: int, ws: int, negative: bool, faded: bool = False) -> QPen:
        key = (ci, ws, negative, faded)
        pen = self._pens.get(key)
        if pen is None:
            color = washed(self.colors[ci]) if faded else self.colors[ci]
            pen = edge_pen(color, EDGE_MIN_W + (EDGE_MAX_W - EDGE_MIN_W) * ws / EDGE_W_STEPS,
                           negative)
            self._pens[key] = pen
        return pen


def washed(color: QColor, strength: float = FADED, over: QColor = BACKGROUND) -> QColor:
    """`color` at `strength` over the background, as an opaque colour (looks like opacity
    on the plain background; the raster engine paints it far faster than translucency)."""
    def mix(c: int, b: int) -> int:
        return round(b + (c - b) * strength)
    return QColor(mix(color.red(), over.red()), mix(color.green(), over.green()),
                  mix(color.blue(), over.blue()))


def edge_pen(color: QColor, width: float, negative: bool) -> QPen:
    pen = QPen(color, width)
    if negative:
        # dashes of about 12 scene units and gaps of 7 whatever the width (Qt's pattern is
        # in multiples of the width, so a plain DashLine would be unreadable when thin)
        pen.setCapStyle(Qt.FlatCap)
        pen.setDashPattern([max(12.0 / width, 0.8), max(7.0 / width, 0.6)])
    else:
        pen.setCapStyle(Qt.RoundCap)
    return pen


def fmt(v: float) -> str:
    """Signed, at most six characters: "+0.731", "−0.204", "+12.35", "−1.2e3"; "0.000" for 0."""
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "+∞" if v > 0 else "−∞"
    if v == 0.0:
        return "0.000"
    a = abs(v)
    if a < 9.9995:
        text = f"{v:+.3f}"
    elif a < 99.995:
        text = f"{v:+.2f}"
    elif a < 999.95:
        text = f"{v:+.1f}"
    else:
        mant, exp = f"{v:+.1e}".split("e")
        if abs(int(exp)) >= 10:
            mant, exp = f"{v:+.0e}".split("e")
        text = f"{mant}e{int(exp)}"
    return text.replace("-", "−")
