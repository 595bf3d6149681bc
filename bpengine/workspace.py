"""Work arrays reused across batch computations of the same shape.

`cost_and_gradients` and `cost_only` are called over and over with the same shapes (the
Stepper's batches, training, the gradient check). They write every (s, m) intermediate into
a `Workspace` kept for the next call of that shape instead of allocating a few MB of
temporaries per call: glibc serves each ~1 MB array with mmap and hands it back to the
kernel when freed, so a process that has not yet freed a large block paid ~1,250 minor page
faults a call (6.8 ms instead of 5.0 ms for the course's 400-25-10 network at m = 5000;
tests/benchmarks/bench_gradients.py). What callers of the engine get back is always freshly
allocated, never a workspace's array.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np


class Workspace:
    """The work arrays of one batch computation, for m examples and layer sizes s₁ … s_L.

    For layer index l = 1 … L−1 (0-based, layer l + 1 of the seed), all C-contiguous:
      zT[l]  (s, m)      z⁽ˡ⁺¹⁾ᵀ (left untouched, so never paged in, for a sigmoid hidden
                         layer in cost_and_gradients: see _forward)
      aT[l]  (s + 1, m)  [1; a⁽ˡ⁺¹⁾]ᵀ for a hidden layer (row 0 is set to 1 once and never
                         written again); (s, m) a⁽ᴸ⁾ᵀ for the output layer
      dT[l]  (s, m)      δ⁽ˡ⁺¹⁾ᵀ
    and one scratch array (g′ of the layer being back-propagated, the cost's terms), and m
    ones (column sums as a BLAS product). 4.2 MB for the course's 400-25-10 network at
    m = 5000. backward=False (for `forward` alone): only zT and aT.
    """

    def __init__(self, m: int, sizes: Sequence[int], backward: bool = True):
        self.key = (m, tuple(sizes))
        L = len(sizes)
        self.zT: list = [None]
        self.aT: list = [None]
        self.dT: list = [None]
        for l in range(1, L):
            s = sizes[l]
            self.zT.append(np.empty((s, m)))
            if l < L - 1:
                a = np.empty((s + 1, m))
                a[0] = 1.0
            else:
                a = np.empty((s, m))
            self.aT.append(a)
            self.dT.append(np.empty((s, m)) if backward else None)
        self._scratch = np.empty(max(sizes[1:]) * m if backward else 0)
        self.ones = np.ones(m if backward else 0)
        self.nbytes = sum(a.nbytes for a in (*self.zT[1:], *self.aT[1:], self._scratch, self.ones,
                                             *(self.dT[1:] if backward else ())))

    def scratch(self, l: int) -> np.ndarray:
        """A C-contiguous (s_{l+1}, m) work array, shared by all layers (one at a time)."""
        s, m = self.dT[l].shape
        return self._scratch[:s * m].reshape(s, m)


# The reuse. A workspace is taken out of _idle for the duration of one call and put back at
# the end, so two threads (or a re-entrant call) never share one: a call that finds none of
# its shape builds a new one. What stays allocated between calls is bounded: the _KEEP most
# recently used workspaces (the full batch and a mini-batch size, say) and at most
# _KEEP_BYTES in all; a larger one (a big CSV) is freed after its call, as before.
_KEEP = 2
_KEEP_BYTES = 64 * 2**20
_idle: list[Workspace] = []
_idle_lock = threading.Lock()


def checkout(m: int, sizes: Sequence[int]) -> Workspace:
    """An idle workspace for m examples and layer sizes s₁ … s_L, or a new one; the caller
    owns it until checkin()."""
    key = (m, tuple(sizes))
    with _idle_lock:
        for i, ws in enumerate(_idle):
            if ws.key == key:
                return _idle.pop(i)
    return Workspace(m, sizes)


def checkin(ws: Workspace) -> None:
    """Return a workspace for the next call of its shape; keeps the _KEEP most recent, at
    most _KEEP_BYTES in all (the oldest go first)."""
    with _idle_lock:
        _idle.append(ws)
        del _idle[:-_KEEP]
        while _idle and sum(w.nbytes for w in _idle) > _KEEP_BYTES:
            del _idle[0]


def sizes_of(thetas: Sequence[np.ndarray]) -> list[int]:
    """Layer sizes [s₁, …, s_L] from Θ⁽ˡ⁾ of shape (s_{l+1}, s_l + 1)."""
    return [thetas[0].shape[1] - 1] + [t.shape[0] for t in thetas]
