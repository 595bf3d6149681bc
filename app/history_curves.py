"""The cost and accuracy curves fed from a history of any length, at a cost set by pixels.

A history of up to EXACT_UP_TO updates is given to pyqtgraph whole (clip to view, its own
peak downsampling: the plots as they always were). A longer one is drawn from a min/max
envelope of each series kept incrementally (app/envelope.py): each feed hands a curve the
values of the visible x range when there are at most two a pixel, else each bin's max and
min at about one bin a pixel, so a refresh costs the same at 10 000 updates as at
5 000 000 and no value the plot shows is lost or averaged. Update i is drawn at x = i + 1.
"""

from __future__ import annotations

import numpy as np

from app.envelope import Envelope

EXACT_UP_TO = 4096        # updates given to pyqtgraph whole; more are drawn from an envelope


class HistoryCurves:
    """Feeds two curves (J, accuracy) sharing one x axis from (J, accuracy) histories."""

    def __init__(self, curves):
        self.curves = tuple(curves)
        self.envelopes = tuple(Envelope() for _ in self.curves)
        self.history: tuple = tuple(np.empty(0) for _ in self.curves)   # views, no copies
        self._xs = np.arange(1.0, 1025.0)
        self._key = None          # what the curves were last given
        self._fed = None

    def follow(self, token, values, same_run: bool) -> None:
        """The histories now are `values` (token: the session's history token). same_run:
        the same run and segment only grew or was rewound, so the values before the shorter
        length are unchanged; otherwise they may differ anywhere."""
        for env, v in zip(self.envelopes, values):
            env.update(v, changed_from=None if same_run else 0)
        self.history, self._key = tuple(values), token

    def forget(self) -> None:
        """Feed again at the next feed (the curves were replaced or restyled)."""
        self._fed = None

    def largest(self, series: int = 0) -> float:
        """The largest finite value of a series; 0 when there is none or it is below 0."""
        top = self.envelopes[series].extremes()[1]
        return max(top, 0.0) if np.isfinite(top) else 0.0

    def _x(self, n: int) -> np.ndarray:
        if n > len(self._xs):
            self._xs = np.arange(1.0, 2.0 * n + 1.0)
        return self._xs[:n]

    def feed(self, x_range: tuple[float, float], px: float) -> None:
        """Give the curves what `px` pixels show of x_range (cheap when nothing changed)."""
        n = len(self.history[0])
        if n <= EXACT_UP_TO:
            key = (self._key, "whole")
            if key != self._fed:
                x = self._x(n)
                for curve, v in zip(self.curves, self.history):
                    curve.setData(x, v)
        else:
            (x0, x1), px = x_range, int(px) if px >= 1 else 1000   # not laid out yet: a guess
            # one value beyond each edge keeps the line going to the plot's border
            i0, i1 = max(0, int(np.floor(x0)) - 2), min(n, int(np.ceil(x1)) + 1)
            bins = max(1, int(np.ceil(px * (i1 - i0) / max(x1 - x0, 1e-9))))
            key = (self._key, i0, i1, bins)
            if key != self._fed:
                self._feed_range(i0, i1, bins)
        self._fed = key

    def _feed_range(self, i0: int, i1: int, bins: int) -> None:
        """Values i0 … i1 − 1 as they are when there are at most two a pixel, else their
        envelope with at most `bins` bins (one a pixel)."""
        if i1 - i0 <= 2 * bins:
            x = self._x(i1)[i0:]
            for curve, v in zip(self.curves, self.history):
                curve.setData(x, v[i0:i1])
            return
        for curve, env, v in zip(self.curves, self.envelopes, self.history):
            x, y = env.points(i0, i1, bins, v)
            curve.setData(x + 1.0, y)
