"""Where everything goes: pure geometry from the layer sizes (no Qt items, no values).

Layers stand left to right DX apart; each layer's units are centred on y = 0, the bias unit
sits one pitch above the first unit of every non-output layer, and layers of more than
COLLAPSE_ABOVE units show only their first and last COLLAPSE_SHOW units around a
"… n more" row. Headers share one row above the tallest layer, buttons one row below.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import style as st


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
    button_y: float                # centre of the button row
    compact: bool = False          # captions beside the units (tall networks), not below
    pitch: float = st.PITCH

    @property
    def dx(self) -> float:
        return st.DX_COMPACT if self.compact else st.DX

    def layer(self, l: int) -> LayerGeometry:
        return self.layers[l - 1]

    def caption_offset(self, l: int) -> tuple[float, float, str]:
        """(dx, dy, align) of a unit's caption: centred below the unit, or in compact mode
        beside it (left of the input layer, which has no incoming edges; else right)."""
        if not self.compact:
            return 0.0, st.CAPTION_DY, "center"
        if l == 1:
            return -st.R - 4, st.R * 0.55, "right"
        return st.R + 4, st.R * 0.55, "left"


def rows(size: int, output: bool) -> float:
    """Height of a layer in pitches: bias + shown units (+ a fraction for "… n more")."""
    shown = len(shown_units(size))
    return shown + (0 if output else 1) + (0.4 if shown < size else 0)


def compute(sizes: list[int]) -> Geometry:
    L = len(sizes)
    compact = max(rows(s, l == L) for l, s in enumerate(sizes, start=1)) > st.COMPACT_ROWS
    pitch = st.PITCH_COMPACT if compact else st.PITCH
    more_gap = st.MORE_GAP_COMPACT if compact else st.MORE_GAP
    below = st.R if compact else st.CAPTION_DY + 10   # lowest ink under a unit centre
    layers = []
    for l, size in enumerate(sizes, start=1):
        g = LayerGeometry(l, size, (l - 1) * (st.DX_COMPACT if compact else st.DX))
        shown = shown_units(size)
        collapsed = len(shown) < size
        # offsets from the first unit, then centre the block on y = 0
        ys, y = [], 0.0
        for n in range(len(shown)):
            if collapsed and n == st.COLLAPSE_SHOW:
                # centred between the ink of the unit above and the top of the next one
                g.more_y = y - pitch + (below + pitch + more_gap - st.R) / 2
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
    header_y = top - st.R - st.HEADER_GAP
    button_y = bottom + below + st.BUTTON_GAP
    return Geometry(layers, header_y, button_y, compact, pitch)
