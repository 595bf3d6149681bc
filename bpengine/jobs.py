"""Long jumps in slices: take a Stepper to any step k without freezing a GUI.

The plan for step k in global batch t. If the stepper holds t's start itself (its own
batch, the batch before it, or its first: marks.py), start there. Else start from whichever
lies nearest before t: the stepper's own batch (when it is before t: finishing it fast
needs only its start Θ), or the newest stored checkpoint c < t (Θ_c only: restoring it and
training batch c are one unit, so no state without its D is ever left standing). Then
train whole batches fast up to the start of t, then micro-step inside t up to k, from the
nearest mark of t at or before k when one lies beyond where the micro-steps would start.
A forward seek therefore starts from the nearest checkpoint at or before the target
whenever one lies ahead of the stepper, and a backward one never replays more than
checkpoints.py's bound.

Units of work are one fast batch or one micro-step; `Jump.run(budget_s)` does units until
the budget is spent (at least one: a single batch's gradient can be longer than a slice,
0.33 s at 6 × 512 on digits; run such jobs on a worker thread). A batch the fast path hands
to the micro-steps (a failure to report, or weights beyond fast.Bound) is one unit too.
After every unit the stepper stands at a state a fresh replay reproduces: a batch boundary
while whole batches are trained, else the micro-step reached. Cancel keeps it there; Pause
is not calling run.

Threads. Slices from a QTimer on the GUI thread need no locking. Or run the job on ONE
worker thread (job.run(None), or slices in a loop): meanwhile other threads may read only
job.status (an immutable JumpStatus, replaced whole after each slice and every ~30 ms
inside a long run) and call job.cancel(); they must not read or move the stepper until
status.done.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from . import backprop
from .halts import TrainingHalted
from .microsteps import quiet

REPORT_S = 0.03   # a long run(None) republishes its status this often
PROBE_ROWS = (64, 512)  # rows of the two timed passes that estimate a batch before any
PROBE_ENOUGH_S = 0.005  # a first pass this long is mostly arithmetic: its seconds a row
                        # stand for all (the second pass held the GUI thread 0.1 s at 6 × 512)


@dataclass(frozen=True)
class JumpStatus:
    """Where a jump stands: the step reached and its global batch, the cost J of the last
    batch recorded (None before any), fraction 0…1 of the estimated work, the estimated
    seconds left, done (finished, cancelled or halted), and the halt if any."""

    target: int
    k: int
    batch: int
    J: float | None
    fraction: float
    seconds_left: float
    done: bool
    cancelled: bool = False
    halted: TrainingHalted | None = None


class Jump:
    """A job taking `stepper` to step `target`; see the module docstring."""

    def __init__(self, stepper, target: int):
        self._s, self.target = stepper, target
        self._cancel = False
        self._work = None
        self._left_at = None           # stepper.k when the last slice ended
        self._spent = 0.0
        self._rate = {"batch": batch_seconds(stepper), "micro": _prior_micro(stepper),
                      "restore": batch_seconds(stepper)}
        self._plan()
        self.status = self._publish(done=stepper.k == target)

    @property
    def done(self) -> bool:
        return self.status.done

    @property
    def unit_s(self) -> float:
        """The estimated seconds of its dearest unit of work: a fast batch (or a checkpoint
        restored and trained) while any are left, else a micro-step."""
        if self._batches > 0:
            return max(self._rate["batch"], self._rate["restore"])
        return self._rate["micro"]

    def cancel(self) -> None:
        """Stop after the unit under way; the stepper stays where that unit left it."""
        self._cancel = True

    def run(self, budget_s: float | None = 0.03) -> JumpStatus:
        """Do units of work for about budget_s seconds (None: to the end). Returns the
        status; raises TrainingHalted where a step fails (status.halted says it too)."""
        if self.status.done:
            return self.status
        if self._s.k != self._left_at:
            self._plan()           # the stepper was moved since: plan again
        start = time.perf_counter()
        try:
            with quiet():
                exhausted = self._slice(start, budget_s)
        except TrainingHalted as exc:
            self.status = self._publish(done=True, halted=exc)
            raise
        self._left_at = self._s.k
        finished = exhausted or (self._s.k == self.target and self._batches <= 0
                                 and self._micro <= 0)
        self.status = self._publish(done=finished or self._cancel, cancelled=self._cancel
                                    and not finished)
        return self.status

    def _slice(self, start: float, budget_s: float | None) -> bool:
        """Units until the budget is spent or cancel is asked; True when the work is out.
        Adds the time taken to _spent, and republishes the status every REPORT_S."""
        now = mark = start
        try:
            for kind in self._work:
                t = time.perf_counter()
                self._rate[kind] += 0.2 * (t - now - self._rate[kind])   # seconds a unit
                self._count(kind)
                now = t
                if self._cancel or (budget_s is not None and now - start >= budget_s):
                    return False
                if now - mark >= REPORT_S:
                    self._spent += now - mark
                    mark = now
                    self.status = self._publish(done=False)
            return True
        finally:
            self._spent += time.perf_counter() - mark

    # ---- the plan -------------------------------------------------------------------------

    def _plan(self) -> None:
        s, k = self._s, self.target
        t = s.schedule.locate(k).global_batch
        a = s._anchor_batch
        kept = s._kept_start(t)        # its own batch, the one before, or the first
        c = None if kept is not None else s._store.before(t)
        start = s.schedule.batch_start(t)
        mark = None
        if kept is not None:
            self._batches = 0
            if t == a and k >= s.k:
                start = s.k
            mark = s._mark_before(k, t)
            if mark is not None and mark[0] <= start:
                mark = None
        elif c is not None and (a > t or c[0] > a):
            self._batches = t - c[0]
        else:
            self._batches, c = t - a, None
        self._micro = k - (start if mark is None else mark[0])
        self._work = self._walk(k, t, c, kept, mark)
        self._left_at = s.k            # moved before the next run: this plan is stale

    def _walk(self, k: int, t: int, checkpoint, kept, mark):
        s = self._s
        if checkpoint is not None:
            s._restore_checkpoint(*checkpoint)     # and trains batch c: one unit
            yield "restore"
        elif kept is not None and (t != s._anchor_batch or k < s.k):
            s._enter_batch(t, *kept)
        if mark is not None:                       # inside batch t: from a mark
            s._restore_mark(mark)
        while s._anchor_batch < t:
            s._fast_batch()
            yield "batch"
        while s.k < k:
            s._step()
            yield "micro"

    def _count(self, kind: str) -> None:
        if kind == "micro":
            self._micro -= 1
        else:
            self._batches -= 1

    def _publish(self, done: bool, cancelled: bool = False, halted=None) -> JumpStatus:
        left = (max(self._batches, 0) * self._rate["batch"]
                + max(self._micro, 0) * self._rate["micro"])
        total = self._spent + left
        fraction = self._spent / total if total else 0.0
        previous = getattr(self, "status", None)
        if previous is not None:
            fraction = max(fraction, previous.fraction)   # estimates improve: never go back
        if done and not cancelled and halted is None:
            fraction, left = 1.0, 0.0
        s = self._s
        J = s.history_J[-1] if len(s.history_J) else None
        return JumpStatus(self.target, s.k, s._anchor_batch, J, min(fraction, 1.0),
                          0.0 if done else left, done, cancelled, halted)


def batch_seconds(s) -> float:
    """One fast batch's seconds: the seconds a row of the last fast batch took (the
    stepper's row_s) times the batch's rows. Before any, the same pass is timed once on
    each of PROBE_ROWS first rows at the current Θ (it changes nothing; ~3 ms for
    400-25-10) and a straight line through the two is read at the batch's rows: a guess
    from flops alone was 2× off on a slower machine, and sent a 26 ms batch to a GUI
    slice. A first pass of over PROBE_ENOUGH_S is mostly arithmetic: a second on the same
    rows (warm) is the estimate on its own."""
    if s.row_s is None:
        small, large = (min(r, len(s.X)) for r in PROBE_ROWS)
        t_small = _timed_pass(s, small)
        if t_small >= PROBE_ENOUGH_S:        # the first pass was cold (~3× at 6 × 512)
            s.row_s = min(t_small, _timed_pass(s, small)) / small
            return s.row_s * s.batch_size
        t_large = _timed_pass(s, large)
        # a + b·rows through both: one pass of 256 rows, its fixed Python counted in every
        # row, put a 22 ms batch of 400-25-10 on 5000 rows at 30–66 ms (now 22–26)
        per_row = max((t_large - t_small) / (large - small), 0.0) if large > small else 0.0
        fixed = max(t_small - per_row * small, 0.0)
        s.row_s = (fixed + per_row * s.batch_size) / s.batch_size
    return s.row_s * s.batch_size


def _timed_pass(s, rows: int) -> float:
    """Seconds of one vectorised pass over the first `rows` rows at the current Θ."""
    start = time.perf_counter()
    try:
        with np.errstate(all="ignore"):     # only timed: what it computes is not kept
            backprop._gradient_pass(s.thetas, s.X[:rows], s.Y[:rows], s.acts, s.lam,
                                    s.loss, s._y_class[:rows])
    except (ArithmeticError, ValueError):
        pass          # timed all the same: a batch that fails is the job's to report
    return time.perf_counter() - start


def _prior_micro(s) -> float:
    """One micro-step: ~25 µs of Python plus its largest product at ~2 GFLOP/s."""
    return 2.5e-5 + 2.0 * max(t.size for t in s.initial) / 2e9


def train_batches(s, n: int | None, until: int | None, budget: float | None) -> int:
    """Stepper.train's loop: whole batches until n are done, batch `until` is reached, or
    the next batch would end past `budget` seconds (timed as the last one; at least one is
    done: a slice then stays within its frame). Returns the batches done."""
    done, start, last = 0, time.perf_counter(), 0.0
    with quiet():
        try:
            while not ((n is not None and done >= n)
                       or (until is not None and s._anchor_batch >= until)
                       or (budget is not None and done
                           and time.perf_counter() - start + last > budget)):
                began = time.perf_counter()
                s._fast_batch(light=True)   # nothing reads inside a batch in between
                last = time.perf_counter() - began
                done += 1
        finally:
            s._settle()
    return done
