"""Long moves of a StudioModel as jobs, so that a window never freezes on them.

A move — finish the batch or the epoch, go to a step, train N epochs, or train until
stopped — is a job: `run(budget_s)` works for about budget_s seconds (None: to the end)
and returns a `jobs.JumpStatus`; `cancel()` stops it after the unit of work under way (one
fast batch or one micro-step), so every state it leaves is one a fresh replay reproduces.
The model is not told of the intermediate states: whoever runs the job calls
`model.announce()` when it wants the views to follow (at most once a frame). A training
halt (NaN, divergence) ends the job with the reason in `status.halted` (the state stays at
the last step that could be taken); whoever runs the job tells the user.

Threads: as jobs.py says, a job may run on one worker thread while other threads read only
`status` and call `cancel()`.
"""

from __future__ import annotations

import time
import weakref
from dataclasses import replace

from .jobs import JumpStatus, batch_seconds
from .microsteps import quiet
from .pipeline import Pipeline
from .stepper import TrainingHalted
from .trainproc import can_spawn

IN_PROCESS = True      # Train mode's batches are computed ahead in a child process where
                       # one can be started (_may_pipe), whatever their size; else on a
AHEAD_UNIT_S = 3e-3    # worker thread if they take longer than this
AHEAD_MIN_S = 1.0      # ... and for a target, when what is left would take this long
WAIT_UNIT_S = 1 / 30   # while a child loads, batches longer than a frame are not trained in
                       # slices: the slices wait for the child (6 × 512 on the digits: 0.3 s)


class Move:
    """The model taken to global step K (see the module docstring)."""

    def __init__(self, model, K: int):
        self.model, self.target = model, K
        self._job = model.timeline.jump(K)
        self._segment = model.timeline.segment       # the one holding K: its stepper moves

    @property
    def status(self) -> JumpStatus:
        """The stepper's status in global steps K (its own k differs in a later segment,
        K = K_begin + (k − k_begin)); read from the status alone, so any thread may."""
        st, seg = self._job.status, self._segment
        return replace(st, target=self.target, k=seg.K_begin + (st.k - seg.k_begin))

    @property
    def done(self) -> bool:
        return self._job.status.done

    @property
    def unit_s(self) -> float:
        """The estimated seconds of one unit of work (one fast batch): above a GUI's
        slice, the job belongs on a worker thread."""
        return self._job.unit_s

    def cancel(self) -> None:
        self._job.cancel()

    def run(self, budget_s: float | None = 0.03) -> JumpStatus:
        try:
            self._job.run(budget_s)
        except TrainingHalted:
            pass                           # the status says why
        return self.status


class Training:
    """Whole batches on the fast path until cancelled ("Train" beside Play), or until
    global step `target`, a batch start of the last segment, from a position in it (Step ▸
    Train N epochs: StudioModel.train_epochs). Θ after each batch is bit-identical to
    micro-stepping it (the rule of record, stepper.py). A slice leaves the stepper at a
    batch start."""

    def __init__(self, model, target: int | None = None):
        self.model, self.target = model, target
        tl = model.timeline
        self._K0, self._t0 = tl.K, time.perf_counter()
        self._until = None if target is None else tl.stepper.schedule.locate(
            tl.segment.local(target)).global_batch
        self._cancel = False
        self._pipe: Pipeline | None = None
        self._may_ahead = True     # until a pipeline of this job ends by itself
        self._waits = False        # the slices wait for a child that loads (WAIT_UNIT_S)
        self.status = self._publish(False)

    @property
    def ahead(self) -> bool:
        """Batches are computed ahead, in a child process or on a worker thread
        (pipeline.py), or will be once a child has loaded and meanwhile they are too long
        for a slice: run() only commits them (or waits), so whoever calls it in slices has
        the time between slices to itself."""
        return self._pipe is not None and (self._pipe.started or self._waits)

    @property
    def framed(self) -> bool:
        """Whoever runs it in slices shows every frame: in Train mode, and with a target
        while the batches come from ahead. A target's slices on the caller's thread are
        shown as a long move's, ten times a second: a frame's views and paint (~20 ms on
        the digits) would take the time of the batches, which then went at half speed."""
        return self.target is None or self.ahead

    @property
    def done(self) -> bool:
        return self.status.done

    @property
    def unit_s(self) -> float:
        """The seconds of one unit of work on the caller's thread: a fast batch, or none
        while the batches come (or are to come) from ahead. There the caller only commits
        them (~0.1 ms a batch, even at 6 × 512 on the digits), so however large the
        network the panels stay live; a pipeline that ends hands back whole batches."""
        if self._pipe is not None or self._may_pipe(self.model.timeline):
            return 0.0
        return batch_seconds(self.model.stepper)

    def cancel(self) -> None:
        self._cancel = True
        if self._pipe is not None:         # on the thread that runs the slices
            self._close_pipe()

    def run(self, budget_s: float | None = 0.03) -> JumpStatus:
        """Batches for about budget_s seconds (at least one), until cancelled or at the
        target."""
        if self.status.done:
            return self.status
        tl = self.model.timeline
        if self._cancel:
            self.status = self._publish(True, cancelled=True)
            return self.status
        try:
            if budget_s is None:        # on a worker thread: the status as it goes
                while not (self._cancel or self._arrived()):
                    self._batches(tl, 0.03)
                    self.status = self._publish(False)
            elif self._pipe is not None or self._may_pipe(tl):
                self._take(tl, budget_s)
            else:
                self._batches(tl, budget_s)
        except TrainingHalted as exc:
            if self._pipe is not None:     # a child still loading (the halt came in slices)
                self._close_pipe()
            self.status = self._publish(True, halted=exc)
            return self.status
        if self._arrived() and self._pipe is not None:
            self._close_pipe()
        self.status = self._publish(self._cancel or self._arrived(), cancelled=self._cancel)
        return self.status

    def _arrived(self) -> bool:
        return self._until is not None and self.model.stepper._anchor_batch >= self._until

    def _may_pipe(self, tl) -> bool:
        """In slices, on the last segment, batches go ahead in a child process where one
        can be started (trainproc.can_spawn), and otherwise on a worker thread if they take
        over AHEAD_UNIT_S: below it a batch is mostly Python, which holds the GIL, and a
        thread then fights the GUI thread for it (a prototype trained the spiral at 0.33×
        the bare loop, where slices reach 0.86×). Not again in a job whose pipeline ended:
        what ended it (an unsafe bound, a dead child) would end the next."""
        if not self._may_ahead or tl._end(tl.i) is not None:
            return False
        if self._until is not None:           # a child would load for as long as this
            left = self._until - tl.stepper._anchor_batch      # takes (~0.4 s)
            if left * batch_seconds(tl.stepper) < AHEAD_MIN_S:
                return False
        return IN_PROCESS and can_spawn() or batch_seconds(tl.stepper) > AHEAD_UNIT_S

    def _take(self, tl, budget_s: float) -> None:
        """The batches the worker has computed, committed here; until a child process has
        loaded, slices as without one, or none if a batch is longer than a frame. A
        pipeline that ended (at a batch it could not take fast, or a dead child) is closed,
        and the job goes on without: in slices, or on a worker thread (unit_s)."""
        if self._pipe is None and not self._open_pipe(tl):
            return self._batches(tl, budget_s)
        if not self._pipe.ready():
            self._waits = self._long(tl)
            return None if self._waits else self._batches(tl, budget_s)
        try:
            # a batch longer than a frame is not waited for: the caller shows a frame
            # meanwhile (a 30 ms wait each frame for 6 × 512's 0.3 s batches)
            self._pipe.take(budget_s, self._until, wait=not self._long(tl))
        except BaseException:
            self._close_pipe()           # a halt, or an error the job reports
            raise
        if self._pipe.ended:
            self._close_pipe()
            self._may_ahead = False

    @staticmethod
    def _long(tl) -> bool:
        """A batch is longer than a frame (WAIT_UNIT_S)."""
        return batch_seconds(tl.stepper) > WAIT_UNIT_S

    def _open_pipe(self, tl) -> bool:
        in_process = IN_PROCESS and can_spawn()
        try:
            self._pipe = Pipeline(tl.stepper, in_process=in_process)
        except OSError:                  # no child process here: slices, as before
            self._may_ahead = False
            return False
        # a job dropped without a cancel (a script's) ends its worker too, at the latest
        # when the interpreter exits
        self._end_pipe = weakref.finalize(self, self._pipe.close)
        return True

    def _close_pipe(self) -> None:
        self._pipe = None
        self._end_pipe()                 # pipe.close(), once

    def _batches(self, tl, budget_s: float) -> None:
        if tl._end(tl.i) is None:                # the last segment: the engine's own loop
            tl.stepper.train(until_batch=self._until, budget_s=budget_s)
            return
        start = time.perf_counter()             # an earlier one: batch by batch, handing
        with quiet():                           # over to the next segment at its start
            while True:
                tl.finish("batch")
                if self._cancel or time.perf_counter() - start >= budget_s:
                    return

    def _publish(self, done: bool, cancelled: bool = False, halted=None) -> JumpStatus:
        """The status; with a target, the fraction of its steps done and the seconds left
        at the rate so far."""
        tl = self.model.timeline
        fraction, left, target = 0.0, float("inf"), -1
        if self.target is not None:
            target = self.target
            fraction = min(1.0, (tl.K - self._K0) / max(self.target - self._K0, 1))
            if fraction > 0:
                spent = time.perf_counter() - self._t0
                left = spent * (1 - fraction) / fraction
        return JumpStatus(target, tl.K, tl.stepper.peek().global_batch, tl.last_J(),
                          fraction, left, done, cancelled, halted)
