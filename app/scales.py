"""Round scale ends for the colour legend and the plot axes.

A scale that followed the data exactly would change on every step: the legend's and the
axes' ticks would move each frame (hard to read on a projector, and each change repaints
the axis from scratch). Ends taken from a short ladder of round numbers change only now
and then.
"""

from __future__ import annotations

import numpy as np

LADDER = (1.0, 1.5, 2.0, 3.0, 5.0, 7.5, 10.0)


def nice_ceiling(v: float) -> float:
    """The smallest 1 · 1.5 · 2 · 3 · 5 · 7.5 × 10ᵏ at or above v > 0.

    Axis ends picked from this ladder change only now and then as the data grow, so the
    ticks (and their cached pixmaps) stay put from one frame of play to the next.
    """
    if not np.isfinite(v) or v <= 0:
        return 1.0
    scale = 10.0 ** np.floor(np.log10(v))
    return next(step * scale for step in LADDER if step * scale >= v * (1 - 1e-12))
