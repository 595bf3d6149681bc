"""Look of the canvas, derived from the theme: geometry in scene units, fonts, the diverging
colour map, pens, and number text.

Everything is in scene units; the view scales the scene to fit. Sizes follow the text: the
unit radius is what the widest value ("−0.000") needs, pitches what a unit and its caption
need, so a larger text scale makes the figure's text larger relative to its gaps. The
colour map (CET-CBD1, colour-blind safe, blue − · light grey · olive +) is sampled once
into 256 QColors/QBrushes; a value v on scale s gets entry round((v/s + 1)/2 · 255).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPen

from app.theme import Look

# ---- structure (not a matter of taste: the same in every theme) ---------------------------

COMPACT_ROWS = 7         # taller layers (in rows) switch the figure to compact mode:
#                          captions beside the units, units closer together
COLLAPSE_ABOVE = 12      # layers with more units show the first and last COLLAPSE_SHOW
COLLAPSE_SHOW = 5
MAX_FIT_SCALE = 1.8      # fit() never blows a tiny network up beyond this
EDGE_W_STEPS = 32        # widths are quantised so pens can be cached
SCALE_FLOOR = 1e-12
DENSE_EDGES = 40         # more edges than this between two layers: thinner and lighter
VALUE_SAMPLE = "−0.000"  # the widest value text a unit must hold
VALUE_ROOM = 1.76        # … within this many radii
EDGE_GAP = 40.0          # the least free run of an edge between two columns of units


class CanvasStyle:
    """Fonts, colours, pens and the geometry they imply, for one Look."""

    def __init__(self, look: Look | None = None):
        self.look = look = look or Look()
        s = look.stroke
        c = look.color
        # fonts
        self.value_font = look.font(look.px("value_px"), QFont.DemiBold, stretch=QFont.Condensed)
        self.caption_font = look.font(look.px("caption_px"))
        self.header_font = look.font(look.px("header_px"), QFont.Bold)
        self.subheader_font = look.font(look.px("subheader_px"))
        self.bias_font = look.font(look.px("bias_px"), QFont.Bold)
        self.more_font = look.font(look.px("more_px"), italic=True)
        self.button_font = look.font(look.px("button_px"), QFont.Bold)
        self.button_label_font = look.font(look.px("button_label_px"))
        # geometry from the text
        value_w = QFontMetricsF(self.value_font).horizontalAdvance(VALUE_SAMPLE)
        self.caption_h = QFontMetricsF(self.caption_font).height()
        self.R = math.ceil(value_w / VALUE_ROOM)            # unit radius
        self.BIAS = round(0.78 * self.R)                     # half side of a bias square
        self.CAPTION_DY = self.R + self.caption_h / 2 + 2    # caption centre below the unit
        self.PITCH = 2 * self.R + self.caption_h + 12        # unit centres, caption between
        self.PITCH_COMPACT = 2 * self.R + 10                 # captions beside the units
        self.MORE_GAP = QFontMetricsF(self.more_font).height() + 10
        self.MORE_GAP_COMPACT = self.MORE_GAP
        self.HEADER_GAP = 18.0        # between the top of the highest unit and the headers
        self.BUTTON_GAP = 22.0        # between the lowest caption and the first button row
        self.BUTTON_H = QFontMetricsF(self.button_font).height() + 10
        # "− units +": the buttons just clear the label on either side
        self.UNIT_BUTTON_DX = (QFontMetricsF(self.button_label_font).horizontalAdvance("units")
                               / 2 + self.BUTTON_H / 2 + 6)
        self.UNITS_GROUP_W = 2 * self.UNIT_BUTTON_DX + self.BUTTON_H
        self.EDGE_GAP = EDGE_GAP
        # colours
        for name in ("background", "ink", "soft_ink", "node_outline", "pending_fill",
                     "pending_ink", "input_fill", "bias_fill", "neutral_edge", "accent",
                     "accent_band", "accent_band_edge", "select", "select_glow",
                     "button_fill", "button_hover", "button_edge", "pill"):
            setattr(self, name, c(name))
        self.faded = look.theme.faded
        self.dense_faded = look.theme.dense_faded
        self.dash_negative_units = look.theme.dash_negative_units
        # strokes
        self.NODE_PEN_WIDTH = 1.6 * s
        self.ACTIVE_PEN_WIDTH = 5.5 * s
        self.EDGE_MIN_W, self.EDGE_MAX_W = 1.0 * s, 9.0 * s
        self.DENSE_MAX_W = 3.5 * s    # a dense layer pair's widest edge
        self.SELECT_W = 4.5 * s
        self.palette = Palette(look.theme.colormap, self)

    def washed(self, color: QColor, strength: float | None = None) -> QColor:
        """`color` at `strength` over the background, as an opaque colour (looks like
        opacity on the plain background; the raster engine paints it far faster than
        translucency)."""
        strength = self.faded if strength is None else strength
        over = self.background

        def mix(a: int, b: int) -> int:
            return round(b + (a - b) * strength)
        return QColor(mix(color.red(), over.red()), mix(color.green(), over.green()),
                      mix(color.blue(), over.blue()))

    def colormap(self) -> pg.ColorMap:
        return pg.colormap.get(self.look.theme.colormap)


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
    black/white text brush for each entry and a cache of edge pens. Built once a style."""

    N = 256

    def __init__(self, name: str, style: CanvasStyle):
        lut = pg.colormap.get(name).getLookupTable(0.0, 1.0, self.N, alpha=False)
        self.style = style
        self.colors = [QColor(int(r), int(g), int(b)) for r, g, b in lut]
        self.brushes = [QBrush(c) for c in self.colors]
        self.ink = [QBrush(ink_for(c)) for c in self.colors]
        self._pens: dict[tuple, QPen] = {}

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

    def edge_pen(self, ci: int, ws: int, negative: bool, faded: bool = False,
                 dense: bool = False) -> QPen:
        """The pen of an edge: colour entry ci, width step ws; a dense layer pair's edges are
        thinner and lighter (washed towards the background even when not faded)."""
        key = (ci, ws, negative, faded, dense)
        pen = self._pens.get(key)
        if pen is None:
            sty = self.style
            color = self.colors[ci]
            if faded:        # not carrying the step's values: as washed as any faded edge
                color = sty.washed(color)
            elif dense:      # lighter than a small network's, still above the faded ones
                color = sty.washed(color, sty.dense_faded)
            top = sty.DENSE_MAX_W if dense else sty.EDGE_MAX_W
            pen = edge_pen(color, sty.EDGE_MIN_W + (top - sty.EDGE_MIN_W) * ws / EDGE_W_STEPS,
                           negative)
            self._pens[key] = pen
        return pen


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
