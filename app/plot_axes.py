"""An update-number axis whose labels never run into each other, however large the type.

pyqtgraph picks the tick spacing from the axis length alone and always labels its first
level, so "2000 4000 6000 8000" in the presentation's type on a narrow plot ran together.
This axis spaces its labelled ticks by the widest label: each label with a third of its
width free beside it, the step a 1, 2 or 5 × 10ᵏ, and at least 1 (updates are whole).
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtGui import QFontMetricsF

ROOM = 1.35      # label widths per label: the label and the gap after it


class UpdateAxis(pg.AxisItem):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # with two or three labels the last one says how far training got: keep it even
        # where half of it reaches past the end of the plot
        self.setStyle(hideOverlappingLabels=False)

    def tickSpacing(self, minVal, maxVal, size):
        span = maxVal - minVal
        if not (span > 0 and size > 0 and math.isfinite(span)):
            return super().tickSpacing(minVal, maxVal, size)
        font = self.style.get("tickFont") or self.font()
        widest = max(abs(minVal), abs(maxVal))
        label = QFontMetricsF(font).horizontalAdvance(self.tickStrings([widest], 1, 1)[0])
        fits = size / (ROOM * label)                     # labels the axis has room for
        # updates are counted: no "0.5 1.0 1.5" under the first few, and no minor ticks
        # between two whole numbers
        step = max(1.0, nice_step(span / max(fits, 1.5)))
        return [(step, 0), (step / 5, 0)] if step >= 5 else [(step, 0)]


def nice_step(raw: float) -> float:
    """The smallest 1, 2 or 5 × 10ᵏ at or above raw (> 0)."""
    k = 10.0 ** math.floor(math.log10(raw))
    return next(m * k for m in (1, 2, 5, 10) if m * k >= raw * (1 - 1e-12))
