"""A min/max ("peak") envelope of a growing series, kept incrementally, for plotting.

Plain numpy, no Qt. The series v₀ … v_{n−1} (a cost or accuracy per update) is cut into
bins of width w = BASE · 2ʲ (level j = 0, 1, …): bin b of level j holds v_i for
b·w ≤ i < (b + 1)·w, and the envelope stores, for every bin,

    lo_j[b] = min v_i,   hi_j[b] = max v_i      (over the bin's finite values; NaN if none)

Level 0 is computed from the values, level j + 1 from pairs of level-j bins (the min of two
mins is the min of their union), so every stored figure is exactly a min or max of values,
never an average: a single spike is never lost.

`update(values)` costs O(new values + BASE + levels): only the bins that the new values
reach (the last partial bin of each level and the ones after it) are recomputed. A history
shorter than before (a rewind) recomputes the bins from the cut, O(BASE + levels) (the
values before the cut are unchanged); `update(values, changed_from=i)` says values from
index i on may differ (another run, another segment). `points(i0, i1, bins)` then gives
at most 2 · bins points for the index range [i0, i1): for each bin its max and its min at
the bin's first index, the same interleaving pyqtgraph's own "peak" downsampling draws.
"""

from __future__ import annotations

import math

import numpy as np

BASE = 64   # values per level-0 bin; ranges with fewer values per pixel are binned directly


def _finite(v: np.ndarray) -> np.ndarray:
    """v with ±inf and NaN as NaN: fmin/fmax skip NaN, so such values never show."""
    return v if np.isfinite(v).all() else np.where(np.isfinite(v), v, np.nan)


def peaks(v: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """(min, max) of each run of `width` values of v (the last run may be shorter)."""
    nb = -(-len(v) // width)
    padded = np.full(nb * width, np.nan)
    padded[:len(v)] = _finite(v)
    blocks = padded.reshape(nb, width)
    return np.fmin.reduce(blocks, axis=1), np.fmax.reduce(blocks, axis=1)


class _Level:
    """lo and hi of one level's bins in growing buffers (doubling: O(1) amortised)."""

    __slots__ = ("width", "lo", "hi", "nb")

    def __init__(self, width: int):
        self.width, self.nb = width, 0
        self.lo = np.empty(16)
        self.hi = np.empty(16)

    def put(self, start: int, lo: np.ndarray, hi: np.ndarray) -> None:
        """Bins start … start + len(lo) − 1 become (lo, hi); the level ends there."""
        end = start + len(lo)
        if end > len(self.lo):
            size = max(end, 2 * len(self.lo))
            for name in ("lo", "hi"):
                grown = np.empty(size)
                grown[:self.nb] = getattr(self, name)[:self.nb]
                setattr(self, name, grown)
        self.lo[start:end], self.hi[start:end] = lo, hi
        self.nb = end


class Envelope:
    """Min/max per bin of a series at widths BASE · 2ʲ; see the module docstring."""

    def __init__(self, base: int = BASE):
        if base < 1:
            raise ValueError(f"an envelope's bins hold at least 1 value, not {base}")
        self.base = base
        self.n = 0
        self.levels: list[_Level] = [_Level(base)]

    def reset(self) -> None:
        self.n = 0
        self.levels = [_Level(self.base)]

    def update(self, values, changed_from: int | None = None) -> None:
        """Follow `values` (the whole series, 1-D): values[:i] are the ones seen before for
        i = min(len(values), previous length, changed_from)."""
        v = np.asarray(values, dtype=np.float64)
        if v.ndim != 1:
            raise ValueError(f"an envelope follows a 1-D series, not shape {v.shape}")
        n = len(v)
        first = min(n, self.n, self.n if changed_from is None else max(0, changed_from))
        if first == n == self.n:
            return
        self.n = n
        self._level0(v, first)
        j = 0
        while True:
            below = self.levels[j]
            if below.nb <= 1 and j + 1 >= len(self.levels):
                break            # the top level is one bin: no coarser level is needed
            if j + 1 == len(self.levels):
                self.levels.append(_Level(2 * below.width))
                first = 0        # a new level is computed whole (O(its bins), once)
            self._pairs(below, self.levels[j + 1], first)
            j += 1

    def _level0(self, v: np.ndarray, first: int) -> None:
        level = self.levels[0]
        b = first // level.width
        lo, hi = peaks(v[b * level.width:], level.width)
        level.put(b, lo, hi)

    @staticmethod
    def _pairs(below: _Level, level: _Level, first: int) -> None:
        """The bins of `level` from the one holding index `first` on, from pairs below."""
        b = first // level.width
        lo, hi = below.lo[2 * b:below.nb], below.hi[2 * b:below.nb]
        if len(lo) % 2:
            lo, hi = np.append(lo, np.nan), np.append(hi, np.nan)
        level.put(b, np.fmin(lo[0::2], lo[1::2]), np.fmax(hi[0::2], hi[1::2]))

    def extremes(self) -> tuple[float, float]:
        """(min, max) of every finite value so far; (nan, nan) if there is none."""
        top = next((lv for lv in reversed(self.levels) if lv.nb), None)
        if top is None:
            return math.nan, math.nan
        return float(np.fmin.reduce(top.lo[:top.nb])), float(np.fmax.reduce(top.hi[:top.nb]))

    def bins(self, i0: int, i1: int, bins: int, values=None) -> tuple[int, np.ndarray,
                                                                       np.ndarray]:
        """(width, lo, hi) of the bins covering [i0, i1) with at most about `bins` of them:
        the finest stored level whose bins are at least (i1 − i0) / bins values wide, bins
        aligned to multiples of the width (the first bin starts at ⌊i0 / width⌋ · width).
        Narrower bins than BASE are computed from `values` (the series, needed then)."""
        i0, i1 = max(0, i0), min(self.n, i1)
        if i1 <= i0:
            return 1, np.empty(0), np.empty(0)
        need = max(1, -(-(i1 - i0) // max(1, bins)))
        if need < self.base:
            if values is None:
                raise ValueError("bins narrower than the base width need the values")
            start, end = i0 // need * need, -(-i1 // need) * need   # whole bins, as stored
            lo, hi = peaks(np.asarray(values, dtype=np.float64)[start:min(end, self.n)], need)
            return need, lo, hi
        level = next((lv for lv in self.levels if lv.width >= need and lv.nb),
                     self.levels[-1] if self.levels[-1].nb else self.levels[0])
        b0, b1 = i0 // level.width, -(-i1 // level.width)
        return level.width, level.lo[b0:b1].copy(), level.hi[b0:b1].copy()

    def points(self, i0: int, i1: int, bins: int, values=None) -> tuple[np.ndarray,
                                                                         np.ndarray]:
        """(index, value) pairs to draw [i0, i1): each bin's max then its min at its first
        index (2 points a bin), like pyqtgraph's peak downsampling."""
        width, lo, hi = self.bins(i0, i1, bins, values)
        start = max(0, i0) // width * width
        x = np.repeat(start + width * np.arange(len(lo), dtype=np.float64), 2)
        y = np.empty(2 * len(lo))
        y[0::2], y[1::2] = hi, lo
        return x, y
