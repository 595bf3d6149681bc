"""Train mode's batches computed in a process of their own (run by
trainproc.py's BOOT, which lowers its priority first; trainproc.py is its parent side).

A thread of the window's own process fights the GUI thread for the GIL: a 1 ms batch of
64-25-10 is a third Python, and so are the views, and the two together trained slower than
slices alone. A process has its own interpreter: on two cores it trains at the bare
loop's speed while the window shows what it has sent.

It computes with `FastBatches._fast_result`, the call the stepper's own fast path makes,
on the same X, Y and settings, so every Θ_{b+1} has the bits the stepper would compute
(same numpy, same BLAS thread count: the environment is the parent's). It commits nothing:
the parent does, on its GUI thread.

The wire (stdin, stdout: raw little-endian float64 and one JSON line; no pickle):

    parent → child   a JSON line of the settings and shapes (`spec`), then X and Y
    child → parent   READY once both are read
    parent → child   START: the first batch b and ‖Θ_b‖₂, then Θ_b flat
    child → parent   a record per batch: HEAD (b, J, accuracy, ‖Θ_{b+1}‖₂), Θ_{b+1}
                     flat, D flat; then a HEAD with b = −1 when it stops (an unsafe bound,
                     a non-finite J or Θ, an error), and it exits

The parent ends it by killing it: what it was computing is only dropped.
"""

from __future__ import annotations

import json
import math
import struct
import sys

import numpy as np

from .checkpoints import CheckpointStore
from .fast import FastBatches, FastResult
from .microsteps import frozen, quiet
from .schedule import Schedule

READY = b"BPREADY\n"
START = struct.Struct("<qd")      # b, ‖Θ_b‖₂
HEAD = struct.Struct("<qddd")     # b, J, accuracy, ‖Θ_{b+1}‖₂  (b = −1: the end)
NICENESS = 4      # the window comes first where the cores are short, mildly: at 10 the
                  # digits trained at 0.41-0.80 of the bare loop where 0 and 4 made
                  # 0.76-1.04, frames/s the same (set by trainproc.BOOT, before numpy loads)


def spec_of(stepper) -> dict:
    """What the child needs beside X, Y and Θ_b: the settings _fast_result reads."""
    return {"shapes": [list(t.shape) for t in stepper.initial], "sizes": stepper._sizes_all,
            "acts": list(stepper.acts), "loss": stepper.loss, "lam": stepper.lam,
            "alpha": stepper.alpha, "shuffle": stepper.shuffle, "seed": stepper.seed,
            "batch_size": stepper.batch_size, "L": stepper.L,
            "X": list(stepper.X.shape), "Y": list(stepper.Y.shape),
            "threshold": stepper._bound.threshold}


class ChildBatches(FastBatches):
    """The stepper's fast path with nothing to commit to: _fast_result and unflatten."""

    def __init__(self, spec: dict, X: np.ndarray, Y: np.ndarray):
        self.X, self.Y = frozen(X), frozen(Y)
        self.acts, self.loss = spec["acts"], spec["loss"]
        self.lam, self.alpha = spec["lam"], spec["alpha"]
        self.shuffle, self.seed = spec["shuffle"], spec["seed"]
        self.batch_size = spec["batch_size"]
        self.schedule = Schedule(len(X), self.batch_size, spec["L"])
        self._sizes_all = spec["sizes"]
        self._order_cache = None
        self.row_s = None
        self._setup_fast()
        self._bound.threshold = spec["threshold"]   # the parent's: the same from the same
        # data, and the one rule where the parent says where the fast path stops
        self._store = CheckpointStore([tuple(s) for s in spec["shapes"]], 1, 0)

    def run(self, b: int, flat: np.ndarray, size: float, out) -> None:
        """Batches from b on, each written to `out`, while the fast path is safe and what it
        computes is finite (FastBatches._results_ahead)."""
        with quiet():
            for r in self._results_ahead(b, flat, size):
                write_result(out, r)


def write_result(out, r: FastResult) -> None:
    """One record, in one write (a syscall a record, not four)."""
    parts = [HEAD.pack(r.b, r.J, r.acc, r.size), r.flat.data]
    out.write(b"".join(parts + [np.ascontiguousarray(d).data for d in r.D]))
    out.flush()


def read_array(inp, shape) -> np.ndarray:
    """A float64 array of `shape` read from `inp`, in numpy's own (aligned) memory."""
    a = np.empty(shape, dtype=np.float64)
    view, got = memoryview(a).cast("B"), 0
    while got < a.nbytes:
        n = inp.readinto(view[got:])
        if not n:
            raise EOFError("the stream ended inside an array")
        got += n
    return a


def main() -> int:
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    try:
        spec = json.loads(inp.readline())
        X, Y = read_array(inp, spec["X"]), read_array(inp, spec["Y"])
        batches = ChildBatches(spec, X, Y)
        out.write(READY)
        out.flush()
        b, size = START.unpack(inp.read(START.size))
        flat = frozen(read_array(inp, (sum(math.prod(s) for s in spec["shapes"]),)))
        try:
            batches.run(b, flat, size, out)
        except Exception:  # noqa: BLE001, S110 -- the parent crosses this batch itself and
            pass           # meets the same error there, where it is reported
        out.write(HEAD.pack(-1, 0.0, 0.0, 0.0))
        out.flush()
    except (BrokenPipeError, EOFError, struct.error, ConnectionError):
        return 0       # the parent has gone, or ended it while it read: nothing to say
    return 0


if __name__ == "__main__":
    sys.exit(main())
