"""Where everything goes: pure geometry from the layer sizes and the style (no items, no
values).

Layers stand left to right `dx` apart; each layer's units are centred on y = 0, the bias
unit sits one pitch above the first unit of every non-output layer, and layers of more than
COLLAPSE_ABOVE units show only their first and last COLLAPSE_SHOW units around a
"… n more" row. Headers share one row above the tallest layer; below it, one row of
"− units +" buttons and one of "+ layer" buttons.

The figure takes the shape of the canvas: given the view's aspect ratio (width / height),
the pitch grows (a wide canvas for a short network) or the layer distance does (a tall
network), within limits, so the network fills the canvas instead of floating in a band.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import style as st

SCENE_MARGIN = 12.0     # the fitted figure nearly touches the canvas edges
PITCH_STRETCH = 1.8      # the pitch grows at most this much to fill a wide canvas
DX_STRETCH = 5.0         # … and the layer distance this much to fill a tall one


def shown_units(size: int) -> list[int]:
    """1-based indices of the units drawn for a layer of `size` units."""
    if size > st.COLLAPSE_ABOVE:
        k = st.COLLAPSE_SHOW
        return list(range(1, k + 1)) + list(range(size - k + 1, size + 1))
    return list(range(1, size + 1))


@dataclass
class LayerGeometry:
    l: int                         # seed layer, 1-based
    size: int                      # s_l (bias excluded)
    x: float
    units: dict[int, float] = field(default_factory=dict)   # j → y, for shown units
    bias_y: float | None = None    # None for the output layer
    more_y: float | None = None    # the "… n more" row, when collapsed
    hidden: int = 0                # units not drawn

    @property
    def top(self) -> float:
        return self.bias_y if self.bias_y is not None else min(self.units.values())

    @property
    def bottom(self) -> float:
        return max(self.units.values())


@dataclass
class Geometry:
    layers: list[LayerGeometry]
    header_y: float                # the headers' bottom edge
    button_y: float                # centre of the "− units +" row
    layer_button_y: float          # centre of the "+ layer" row
    compact: bool = False          # captions beside the units (tall networks), not below
    pitch: float = 0.0
    dx: float = 0.0
    R: float = 0.0
    controls: bool = True          # the button rows are part of the figure
    bottom: float = 0.0            # the lowest ink of the units and captions

    def layer(self, l: int) -> LayerGeometry:
        return self.layers[l - 1]

    def caption_offset(self, l: int) -> tuple[float, float, str] | None:
        """(dx, dy, align) of a unit's caption: None for centred below the unit (the
        style's default), or in compact mode beside it (left of the input layer, which
        has no incoming edges; else right)."""
        if not self.compact:
            return None
        if l == 1:
            return -self.R - 4, self.R * 0.55, "right"
        return self.R + 4, self.R * 0.55, "left"


def rows(size: int, output: bool) -> float:
    """Height of a layer in pitches: bias + shown units (+ a fraction for "… n more")."""
    shown = len(shown_units(size))
    return shown + (0 if output else 1) + (0.4 if shown < size else 0)


def is_compact(sizes: list[int]) -> bool:
    L = len(sizes)
    return max(rows(s, l == L) for l, s in enumerate(sizes, start=1)) > st.COMPACT_ROWS


def compute(sizes: list[int], sty: st.CanvasStyle, aspect: float | None = None,
            header_w: float = 0.0, header_h: float = 0.0,
            caption_ws: list[float] | None = None, controls: bool = True) -> Geometry:
    """The geometry for `sizes`. header_w / header_h: the widest and tallest header;
    caption_ws: the widest caption of each layer (scene units, measured by the caller);
    `aspect` the view's width / height, None for the natural (tightest) figure; without
    `controls` there are no button rows (presenting, exporting)."""
    caption_ws = caption_ws or [0.0] * len(sizes)
    compact = is_compact(sizes)
    pitch0 = sty.PITCH_COMPACT if compact else sty.PITCH
    inner = caption_ws[1:-1] or [0.0]
    if compact:   # captions right of the hidden layers take part of the gap
        dx0 = max(header_w + 24, 2 * sty.R + max(inner) + 8 + sty.EDGE_GAP)
    else:
        dx0 = max(header_w + 24, 2 * sty.R + sty.EDGE_GAP, max(caption_ws[:-1]) + 24)
    if len(sizes) > 3:   # two hidden layers side by side: their "− units +" must not touch
        dx0 = max(dx0, sty.UNITS_GROUP_W + 20)
    size = (header_w, header_h, caption_ws)

    def _place(sizes, sty, compact, dx, pitch):
        return _placed(sizes, sty, compact, dx, pitch, controls)
    geo = _place(sizes, sty, compact, dx0, pitch0)
    if aspect is None or aspect <= 0 or len(sizes) < 2:
        return geo
    w, h = extent(geo, sty, *size)
    if w / h > aspect * 1.01:          # too wide: spread the units vertically
        per = extent(_place(sizes, sty, compact, dx0, pitch0 + 1.0), sty, *size)[1] - h
        pitch = min(pitch0 + (w / aspect - h) / per, pitch0 * PITCH_STRETCH) if per else pitch0
        return _place(sizes, sty, compact, dx0, pitch)
    if w / h < aspect / 1.01:          # too tall: spread the layers horizontally
        dx = min(dx0 + (h * aspect - w) / (len(sizes) - 1), dx0 * DX_STRETCH)
        return _place(sizes, sty, compact, dx, pitch0)
    return geo


def extent(geo: Geometry, sty: st.CanvasStyle, header_w: float, header_h: float,
           caption_ws: list[float]) -> tuple[float, float]:
    """Width and height of the figure with its margins (what the view fits)."""
    first, last = geo.layers[0], geo.layers[-1]
    if geo.compact:   # captions left of the input, right of the others
        left = max(header_w / 2, sty.R + 4 + caption_ws[0] + 8)
        right = max(header_w / 2, sty.R + 4 + caption_ws[-1] + 8)
    else:
        left = max(header_w / 2, sty.R, caption_ws[0] / 2 + 6)
        right = max(header_w / 2, sty.R, caption_ws[-1] / 2 + 6)
    width = last.x - first.x + left + right + 2 * SCENE_MARGIN
    top = geo.header_y - header_h
    bottom = geo.layer_button_y + sty.BUTTON_H / 2 if geo.controls else geo.bottom
    return width, bottom - top + 2 * SCENE_MARGIN


def _placed(sizes: list[int], sty: st.CanvasStyle, compact: bool, dx: float,
            pitch: float, controls: bool = True) -> Geometry:
    L = len(sizes)
    more_gap = sty.MORE_GAP_COMPACT if compact else sty.MORE_GAP
    below = sty.R if compact else sty.CAPTION_DY + sty.caption_h / 2   # lowest ink
    layers = []
    for l, size in enumerate(sizes, start=1):
        g = LayerGeometry(l, size, (l - 1) * dx)
        shown = shown_units(size)
        collapsed = len(shown) < size
        # offsets from the first unit, then centre the block on y = 0
        ys, y = [], 0.0
        for n in range(len(shown)):
            if collapsed and n == st.COLLAPSE_SHOW:
                # centred between the ink of the unit above and the top of the next one
                g.more_y = y - pitch + (below + pitch + more_gap - sty.R) / 2
                y += more_gap
            ys.append(y)
            y += pitch
        shift = (ys[0] + ys[-1]) / 2
        g.units = {j: yy - shift for j, yy in zip(shown, ys)}
        if g.more_y is not None:
            g.more_y -= shift
            g.hidden = size - len(shown)
        if l < L:
            g.bias_y = g.units[shown[0]] - pitch
        layers.append(g)
    top = min(g.top for g in layers)
    bottom = max(g.bottom for g in layers)
    header_y = top - sty.R - sty.HEADER_GAP
    button_y = bottom + below + sty.BUTTON_GAP + sty.BUTTON_H / 2
    layer_button_y = button_y + sty.BUTTON_H + 8
    return Geometry(layers, header_y, button_y, layer_button_y, compact, pitch, dx, sty.R,
                    controls, bottom + below)
