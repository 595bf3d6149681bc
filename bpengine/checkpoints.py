"""The rewind store: Θ at batch starts, flat float64, thinned by age under a byte budget.

What is stored. A checkpoint is Θ at the start of one global batch b, all layers in one
flat float64 array (bit-exact: replay from it reproduces every later value). D is not
stored: the D shown at the start of batch b (the one that produced Θ_b) is recomputed by
replaying batch b − 1 from an earlier checkpoint, one vectorised gradient. That halves the
store (the old one kept Θ and D, 21.6 MB a checkpoint at 6 × 512 on digits) for the cost of
one batch of replay a seek. float32 or lossy deltas would break the bit-exact replay, and a
spill to disk only moves the bound (disk fills as fast); so the store keeps fewer float64
checkpoints when they are large.

The budget. `budget` bytes bound what the store holds: the arrays with their numpy headers,
the batch numbers and the list slots, and malloc's overhead (`cost` measures one). The cap
is budget // cost checkpoints, at least 2 (the first batch and the newest). Default 64 MiB:
6 checkpoints of 10.8 MB at 6 × 512 on digits (12.2 MB and 5 with 400 inputs), ~300,000
for 2-2-1.

The bound on replay. See `thin`: with n the newest stored batch and W the window, a seek
to batch t restores the nearest kept c < t and replays t − c ≤ 2·spacing(n − t + 1) ≤
2 + 2(n − t + 1)/W batches, the last of which gives the D shown at t's start (S consecutive
batches hold a multiple of S, and within S batches of age the spacing doubles at most
once); the newest W batch starts are all kept. W starts at cap/2 and halves as the run
grows (about W(1 + log₂(n/W)) checkpoints are kept), so W ≈ cap / log₂(n). When even
W = 1 keeps more than the cap (a run of more than ~2^(cap − 1) batches: only networks so
large that the cap is a handful), the oldest go first: the first batch and the newest
cap − 1 rule-kept stay, and a seek into the far past replays from batch 0.
"""

from __future__ import annotations

import bisect
import sys
from array import array

import numpy as np

MIN_CAP = 2


def spacing(age, window: int):
    """2^⌊log₂(1 + ⌊age / W⌋)⌋ (works on int64 arrays): 1 for the newest W batches, then 2,
    4, … (np.frexp gives the exponent exactly: the argument is an integer below 2^53)."""
    _, e = np.frexp(np.asarray(age, dtype=np.int64) // window + 1)
    return np.left_shift(np.int64(1), (e - 1).astype(np.int64))


class CheckpointStore:
    """Θ at stored batch starts; `first` (the stepper's start_batch) is never thinned."""

    def __init__(self, shapes, budget: int, first: int):
        self.shapes = [tuple(s) for s in shapes]
        self.sizes = [int(np.prod(s)) for s in self.shapes]
        ends = np.cumsum([0] + self.sizes).tolist()
        self._parts = [(slice(a, b), s) for a, b, s in zip(ends, ends[1:], self.shapes)]
        self.first = first
        self.budget = budget
        self.cost = self._cost()
        self.cap = max(MIN_CAP, budget // self.cost)
        self.clear()

    def clear(self) -> None:
        # batch numbers in an array('q') (8 B each, bisect works on it, numpy reads it with
        # no copy); the flat arrays in a list beside it
        self.batches = array("q")
        self.arrays: list[np.ndarray] = []
        self.window = max(1, self.cap // 2)   # W of `thin`

    def __len__(self) -> int:
        return len(self.batches)

    @property
    def newest(self) -> int | None:
        return self.batches[-1] if self.batches else None

    def flatten(self, thetas) -> np.ndarray:
        """All layers in one new read-only flat float64 array (no checks: the caller's Θ)."""
        flat = np.concatenate([np.asarray(t, dtype=np.float64).ravel() for t in thetas])
        flat.setflags(write=False)
        return flat

    def unflatten(self, flat: np.ndarray) -> list[np.ndarray]:
        """Read-only views of `flat`, one a layer, shaped like Θ (flat is never written)."""
        return [flat[part].reshape(shape) for part, shape in self._parts]

    def put(self, b: int, flat: np.ndarray) -> None:
        """Store Θ (flat, read-only) at the start of batch b, replacing what b held."""
        i = bisect.bisect_left(self.batches, b)
        if i < len(self.batches) and self.batches[i] == b:
            self.arrays[i] = flat
            return
        self.batches.insert(i, b)
        self.arrays.insert(i, flat)
        if len(self.batches) > self.cap:
            self.thin()

    def extend(self, b: int, flat: np.ndarray) -> None:
        """Store b if it lies beyond the newest stored batch (training into new ground). A
        replay behind the newest stores nothing: the rule already chose what to keep there,
        and the trajectory is deterministic, so what is kept stays right."""
        if not self.batches or b > self.batches[-1]:
            self.batches.append(b)
            self.arrays.append(flat)
            if len(self.batches) > self.cap:
                self.thin()

    def before(self, t: int) -> tuple[int, np.ndarray] | None:
        """The stored batch c < t nearest to t, and its flat Θ; None if there is none."""
        i = bisect.bisect_left(self.batches, t) - 1
        return None if i < 0 else (self.batches[i], self.arrays[i])

    def items(self) -> list[tuple[int, np.ndarray]]:
        return list(zip(self.batches, self.arrays))

    def thin(self) -> None:
        """Thin by age: with n the newest batch stored, batch b stays while b − first is a
        multiple of its spacing 2^⌊log₂(1 + ⌊(n − b)/W⌋)⌋. The newest W batch starts all
        stay, the 2W before them every 2nd, the 4W before those every 4th, …: a seek d
        batches back replays at most about d/W batches, however long the run. W halves
        whenever more than 3/4 of the cap would still stay, so each thinning frees a
        quarter of it (amortised O(1) a batch). Spacings only grow as n grows and W
        shrinks, so a batch once dropped is not needed again. The rule is evaluated on
        numpy arrays: a pass over 300,000 checkpoints takes milliseconds, not the tenth of
        a second a Python loop took (a stall in play)."""
        b = np.frombuffer(self.batches, dtype=np.int64)
        age, offset = b[-1] - b, b - self.first
        while True:
            keep = np.flatnonzero(offset % spacing(age, self.window) == 0)
            if len(keep) <= 3 * self.cap // 4 or self.window == 1:
                break
            self.window //= 2
        if len(keep) > self.cap:   # W = 1 and still too many: the oldest go first
            keep = np.concatenate([keep[:1], keep[len(keep) - self.cap + 1:]])
        arrays = self.arrays
        self.arrays = [arrays[i] for i in keep.tolist()]
        self.batches = array("q", b[keep].tobytes())

    def _cost(self) -> int:
        """Bytes one checkpoint holds, measured on real objects rather than assumed: one flat
        float64 array of Σ s_{l+1}(s_l + 1) values (sys.getsizeof counts numpy's header,
        ~112 B, with the data the array owns), its batch number (8 B in the array('q')) and
        its list slot (8 B), each counted as 16 for over-allocation and the copies `thin`
        builds; and 2 × 16 B: malloc adds ~16 B to each of the array's two buffers (data,
        shape), which RSS shows and tracemalloc does not."""
        flat = np.empty(sum(self.sizes))
        return sys.getsizeof(flat) + 16 + 16 + 2 * 16
