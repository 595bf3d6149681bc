"""A per-batch history (J or accuracy) stored as a growing float64 array.

Appending is amortised O(1) (the buffer doubles when full), truncating on rewind is O(1)
(only the length moves), and `view()` hands a plot the recorded values without copying:
a read-only numpy view of the first len() entries of the buffer.

A truncation hides values without forgetting them: the Stepper's trajectory is fixed by
its settings, so the values past a rewind are the ones a replay would record again, and a
forward seek that starts from a checkpoint ahead of the stepper shows them again with
`reveal` instead of recomputing every batch in between.
"""

from __future__ import annotations

import numpy as np


class History:
    """Floats in order, one a batch: len(), h[i], h[i:j], iteration, list(h), np.asarray(h).

    view() is a zero-copy read-only (n,) float64 view. It stays valid and unchanged while
    the history only grows (a reallocation leaves it on the old buffer, which it keeps
    alive); a truncation followed by new appends rewrites the entries it shows, so a plot
    that keeps a view across a rewind should take a new one.
    """

    __slots__ = ("_buf", "_n", "_known")

    def __init__(self, values=(), capacity: int = 64):
        values = np.asarray(values, dtype=np.float64).ravel()
        self._buf = np.empty(max(capacity, 2 * len(values)), dtype=np.float64)
        self._buf[:len(values)] = values
        self._n = self._known = len(values)

    def append(self, x: float) -> None:
        n = self._n
        if n == len(self._buf):  # double: each value is copied O(1) times on average
            grown = np.empty(2 * n, dtype=np.float64)
            grown[:n] = self._buf
            self._buf = grown
        self._buf[n] = x
        self._n = n + 1
        self._known = max(self._known, n + 1)

    def extend(self, values) -> None:
        """Append many values at once (one copy; the buffer grows as for append)."""
        v = np.asarray(values, dtype=np.float64).ravel()
        n, end = self._n, self._n + len(v)
        if end > len(self._buf):
            grown = np.empty(max(end, 2 * len(self._buf)), dtype=np.float64)
            grown[:n] = self._buf[:n]
            self._buf = grown
        self._buf[n:end] = v
        self._n = end
        self._known = max(self._known, end)

    def truncate(self, n: int) -> None:
        """Show only the first n values (n ≥ len() keeps them all); the rest stay known."""
        self._n = max(0, min(self._n, n))

    @property
    def known(self) -> int:
        """How many values are recorded, shown or hidden by a truncation."""
        return self._known

    def reveal(self, n: int) -> None:
        """Show the first n recorded values again (n ≤ known)."""
        if not 0 <= n <= self._known:
            raise ValueError(f"only {self._known} values are recorded, not {n}")
        self._n = n

    def view(self) -> np.ndarray:
        """The recorded values as a read-only (len,) float64 view; no copy."""
        v = self._buf[:self._n]
        v.flags.writeable = False
        return v

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return self.view()[i].tolist()
        n = self._n
        j = i + n if i < 0 else i
        if not 0 <= j < n:
            raise IndexError(f"history index {i} out of range for {n} values")
        return float(self._buf[j])

    def __delitem__(self, i) -> None:
        """del h[n:] truncates (the only deletion a rewind needs)."""
        if not (isinstance(i, slice) and i.stop is None and i.step is None):
            raise TypeError("only del history[n:] is supported")
        start = i.start or 0
        self.truncate(start + self._n if start < 0 else start)

    def __iter__(self):
        return iter(self.view().tolist())

    def __array__(self, dtype=None, copy=None):
        v = self.view()
        if copy:
            v = v.copy()
        return v if dtype is None else v.astype(dtype, copy=bool(copy))

    def __repr__(self) -> str:
        return f"History({self.view().tolist()!r})"
