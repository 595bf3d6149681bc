"""The per-example state machine: the seed's algorithm one line (micro-step) at a time,
whole batches at engine speed, and any earlier or later step by deterministic replay.

Modules: microsteps.py (the six kinds of micro-step, the rule of record), fast.py (whole
batches on the vectorised path), checkpoints.py (the rewind store and its budget), jobs.py
(long jumps in slices, cancellable), history.py (J and accuracy as growing arrays),
stepper_args.py (argument checks), halts.py (why training stopped).

The example order of epoch e depends only on (seed, e), and a batch's update only on Θ at
its start and its rows, so every state is a function of the step number k alone.
"""

from __future__ import annotations

import numpy as np

from . import losses
from . import stepper_args as args
from .checkpoints import CheckpointStore
from .fast import FastBatches
from .halts import (
    DivergenceError,
    NonFiniteError,
    TrainingHalted,
    culprit,
    divergence_message,
    nonfinite_message,
)
from .history import History
from .jobs import Jump, train_batches
from .marks import ExampleMarks, mark_plan
from .microsteps import Diverged, MicroSteps, NotFinite, Step, frozen, quiet
from .network import Network
from .restore import Restore
from .schedule import Position, Schedule

__all__ = ["DivergenceError", "NonFiniteError", "Step", "Stepper", "TrainingHalted"]


class Stepper(MicroSteps, FastBatches, ExampleMarks, Restore):
    """Step through training one seed line at a time, and back.

    X: (m, n) inputs; Y: (m, K) targets (a 1-D Y is one column), finite numbers, checked
    once here (DataError names the row and column). batch_size None means the full batch
    (the seed's algorithm), and so does any whole number ≥ m; 1 … m − 1 are mini-batches.
    State is read through attributes whose arrays are read-only: thetas, Deltas, D (None
    before the first gradient), and for the current example a, z, delta (lists of length L,
    0-based: a[0] is a⁽¹⁾; None where not yet computed). In the current batch, `seen`
    examples have had their cost(i) counted (output error) and `accumulated` have had
    δ⁽ˡ⁺¹⁾(a⁽ˡ⁾)ᵀ added to Δ⁽ˡ⁾ (accumulate); they differ by one between those two
    micro-steps of an example. history_J and history_acc (history.History) hold the cost
    and accuracy of every batch before the current one; .view() is a zero-copy array.

    checkpoint_bytes bounds the memory of the rewind store (checkpoints.py; default
    64 MiB), marks inside the current batch included (marks.py). start_batch B > 0 starts
    the stepper part-way through a run: the network's Θ are the weights at the start of
    global batch B (initial_D, if given, the gradient that produced them), k begins at
    k0 = schedule.batch_start(B), and history_J[i] is the cost of global batch B + i.
    Steps before k0 are not this stepper's: seeking there is refused.

    Threads: a Stepper is not locked. A `jump` job may run on one worker thread while
    other threads read only the job's `status` and call its `cancel()` (jobs.py).
    """

    def __init__(self, network: Network, X, Y, *, alpha: float = 1.0, lam: float = 0.0,
                 batch_size: int | None = None, shuffle: bool = False, seed: int = 0,
                 loss: str = "cross_entropy", checkpoint_bytes: int = 64 * 2**20,
                 stop_on_divergence: bool = True, start_batch: int = 0, initial_D=None):
        self.acts = list(network.acts)
        self.loss = losses.check(loss, self.acts[-1])
        X, Y = args.data(X, Y, network.sizes)
        self.X, self.Y = frozen(X), frozen(Y)
        self.alpha = args.number(alpha, "the learning rate α", positive=True)
        self.lam = args.number(lam, "the regularisation λ", positive=False)
        self.shuffle = args.flag(shuffle, "shuffle")
        self.seed = args.whole(seed, "the seed")
        self.stop_on_divergence = args.flag(stop_on_divergence, "stop_on_divergence")
        self.schedule = Schedule(len(X), args.batch_size(batch_size, len(X)), network.L)
        self.start_batch = args.whole(start_batch, "start_batch")
        shapes = [t.shape for t in network.thetas]
        self.initial = [frozen(t) for t in args.matrices(network.thetas, shapes,
                                                         "the network's weights Θ")]
        self.initial_D = None if initial_D is None else [
            frozen(d) for d in args.matrices(initial_D, shapes, "the gradient initial_D")]
        budget = args.whole(checkpoint_bytes, "checkpoint_bytes", low=1)
        self._mark_every, reserved = mark_plan(budget, sum(t.size for t in self.initial),
                                               self.batch_size)
        self._store = CheckpointStore(shapes, budget - reserved, self.start_batch)
        self._marks, self._marks_batch, self._previous = [], None, {}
        self._stale = False
        self._zeros = [frozen(np.zeros(s)) for s in shapes]   # Δ at a batch start, shared
        self._sizes_all = list(network.sizes)
        self._order_cache: tuple[int, np.ndarray] | None = None
        self.row_s: float | None = None     # seconds a row of a fast batch took (jobs.py)
        self._setup_fast()
        self.history_J, self.history_acc = History(), History()
        self.reset()

    # ---- where the stepper stands ---------------------------------------------------------

    @property
    def L(self) -> int:
        return self.schedule.L

    @property
    def k0(self) -> int:
        """The first step number this stepper holds (0 unless it continues another)."""
        return self.schedule.batch_start(self.start_batch)

    @property
    def m(self) -> int:
        return self.schedule.m

    @property
    def batch_size(self) -> int:
        return self.schedule.batch_size

    @property
    def last(self) -> Step | None:
        """The Step record of the micro-step that produced this state (None at k0)."""
        if self._last_at != self.k:
            self._last = None if self.k == self.k0 else self._describe(self.k - 1)
            self._last_at = self.k
        return self._last

    @property
    def J_so_far(self) -> float | None:
        """(1/n) Σ cost(i) over the n examples of this batch seen so far (no λ term)."""
        return self.J_sum / self.seen if self.seen else None

    def peek(self) -> Position:
        """Where the next micro-step falls."""
        return self.schedule.locate(self.k)

    def example_at(self, where: Position) -> int:
        """Dataset row of the example at `where`."""
        return int(self.order(where.epoch)[where.batch * self.batch_size + where.pos])

    # ---- moving ---------------------------------------------------------------------------

    def reset(self) -> None:
        """Back to step k0 with the initial weights (same seed, same example order). The
        run's checkpoints stay: the same settings give the same run again."""
        flat = self._store.flatten(self.initial)
        if not len(self._store):
            self._store.extend(self.start_batch, flat)
        self._enter_batch(self.start_batch, flat, self.initial_D)

    def step(self) -> Step:
        """Do the next micro-step. Raises NonFiniteError or DivergenceError (state
        unchanged, every earlier step reachable) when it cannot be taken."""
        with quiet():
            return self._step()

    def _step(self) -> Step:
        """step() for callers already inside quiet() (a loop enters it once, not per step:
        entering np.errstate costs ~3 µs, a tenth of a micro-step)."""
        k = self.k
        where = self.schedule.locate(k)
        try:
            getattr(self, "_do_" + where.kind)(where)
        except NotFinite as exc:
            raise NonFiniteError(nonfinite_message(
                exc.args[0], k + 1, where.kind, where.epoch, where.pos, where.batch,
                culprit(self.alpha, self.lam, self.schedule.batch_len(where.batch))),
                k + 1) from None
        except Diverged as exc:
            raise DivergenceError(divergence_message(
                *exc.args, where.epoch, where.batch,
                culprit(self.alpha, self.lam, where.pos)), k + 1) from None
        self.k = k + 1  # set, not incremented: an update's batch restore already moved k
        self._last, self._last_at = self._describe(k, where), k + 1
        return self._last

    def back(self) -> Step | None:
        """Undo one micro-step; returns the step that produced the new state (None at k0)."""
        if self.k > self.k0:
            self.seek(self.k - 1)
        return self.last

    def seek(self, k: int) -> None:
        """Jump to the state after k micro-steps, earlier or later, deterministically:
        whole batches on the fast path from the nearest checkpoint, micro-steps only inside
        the target batch (jobs.py). A whole number ≥ k0; ValueError otherwise."""
        self.jump(k).run(None)

    def jump(self, k: int) -> Jump:
        """A job that takes the stepper to step k in slices: job.run(budget_s) (jobs.py)."""
        return Jump(self, self._target(k))

    def train(self, n_batches: int | None = None, until_batch: int | None = None,
              budget_s: float | None = None) -> int:
        """Whole batches at engine speed: finish the current batch (from its start Θ, where
        ever in it the stepper stands), then more, until n_batches are done, the start of
        global batch `until_batch` is reached, or the next batch would end past budget_s
        seconds (timed as the last: at least one is done). No limit given: one batch.
        Returns the batches done; raises like step() at the micro-step that fails."""
        n = None if n_batches is None else args.whole(n_batches, "the number of batches")
        until = None if until_batch is None else args.whole(until_batch, "until_batch")
        budget = None if budget_s is None else args.number(budget_s, "the time budget",
                                                           positive=False)
        if n is None and until is None and budget is None:
            n = 1
        return train_batches(self, n, until, budget)

    def run_until(self, kinds: tuple[str, ...], limit: int | None = None) -> int:
        """Step at least once, until a step of one of `kinds` is done. Returns steps taken."""
        n = 0
        with quiet():
            while True:
                self._step()
                n += 1
                if self.last.kind in kinds or (limit is not None and n >= limit):
                    return n

    def next_example(self) -> int:
        """Finish the current example (through its accumulate step)."""
        return self.run_until(("accumulate",))

    def next_batch(self) -> int:
        """Finish the current batch (through Θ := Θ − αD) on the fast path; micro-steps."""
        k = self.k
        with quiet():
            if self.peek().kind == "update":
                self._step()
            else:
                self._fast_batch()
        return self.k - k

    def next_epoch(self) -> int:
        """Finish the current epoch on the fast path; returns the micro-steps advanced."""
        k = self.k
        epoch = self.peek().epoch
        self.seek(self.schedule.batch_start((epoch + 1) * self.schedule.n_batches))
        return self.k - k

    def _target(self, k) -> int:
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
            raise ValueError(f"a step number must be a whole number, not {k!r}")
        if k < 0:
            raise ValueError(f"step numbers start at 0, not {k}")
        if k < self.k0:
            raise ValueError(f"step {k} comes before this stepper's first step {self.k0}")
        return int(k)

    def _enter_batch(self, b: int, flat: np.ndarray, D, flat_size: float | None = None,
                     known: bool = True):
        """Stand at the start of global batch b: Θ_b (flat, read-only) and the D that made
        it; Δ = 0, the batch's first example's x loaded, the history shown up to b.
        known=False: D is not known (a checkpoint's batch, trained on at once)."""
        self._move_anchor(b, flat, D, flat_size, known)
        self._settle()

    def _move_anchor(self, b: int, flat: np.ndarray, D, flat_size=None, known=True):
        """The batch-start part of _enter_batch: Θ_b, D, k. Alone (train's loop, which
        reads nothing else between batches) it leaves the inside of the batch stale until
        _settle()."""
        self._clear_marks(b)                     # before the anchor moves: it may be kept
        self._anchor_known = known
        self.k = self.schedule.batch_start(b)
        self._anchor_batch, self._anchor_flat, self._flat_size = b, flat, flat_size
        self._anchor_thetas = self._store.unflatten(flat)
        self.thetas = list(self._anchor_thetas)
        self.D = self._anchor_D = D
        self._stale = True

    def _settle(self) -> None:
        """The inside of the batch at its start: Δ = 0, counts 0, its first example."""
        if not self._stale:
            return
        self._stale = False
        b = self._anchor_batch
        self.Deltas = list(self._zeros)
        self.J_sum, self.correct, self.seen, self.accumulated = 0.0, 0, 0, 0
        self.J_batch = self._batch_correct = None
        if len(self.history_J) > b - self.start_batch:      # a rewind: hide the rest
            self.history_J.truncate(b - self.start_batch)
            self.history_acc.truncate(b - self.start_batch)
        epoch, batch = divmod(b, self.schedule.n_batches)
        self._clear_example(int(self.order(epoch)[batch * self.batch_size]))
        self._last_at = None
