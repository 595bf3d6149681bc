"""Long moves without a frozen window: the model's jobs (bpengine/moves.py) run in slices.

A job whose unit of work (one fast batch) fits in a slice runs on the GUI thread, one
slice of at most SLICE_S per timer tick; the views follow every VIEWS_EVERY_S in a tick of
their own (so a long jump shows training as it goes), and in Train mode after every slice
(a frame). Its first slice
runs at once: a short move (the usual next batch of a small network) is over before the
key is released, with no frame's delay. A job whose unit would not fit (a batch of 6 × 512
on the digits takes ~0.3 s) runs on one worker thread instead, while the panels are
disabled (they must not read the stepper it moves) and the GUI thread only shows the
job's status; Cancel is honoured after the batch under way. In Train mode a job whose
batches are computed ahead (its `ahead`: in a child process, bpengine/pipeline.py) only
commits them in a tick, whatever the network's size (its unit is the commit), and the
next tick waits out the frame while the child trains and the paint comes; should its unit
grow on the way (the child died), it moves to a worker thread then.

An edit, undo or Play stops the job first (`stop()`: cancel, and wait for the
unit under way), so whatever the user does next starts from a state a fresh replay
reproduces. Signals: sigBusy(bool) when a job starts and ends, sigProgress(text, fraction,
seconds left, rate) while it runs (fraction < 0: Train mode, no end; rate: batches a second
in Train mode), sigDone(text) when it ends by itself or is cancelled.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal

SLICE_S = 0.02         # the longest a slice keeps the GUI thread
FIRST_SLICE_S = 0.01   # at the key press (which did work of its own): a short move ends in it
FRAME_S = 1 / 33       # Train mode: a slice, the views and the paint in one frame (≥ 30 fps:
                       # at 1/32, a batch past the end of some frames made 29.9 fps)
MIN_SLICE_S = 0.004
VIEWS_EVERY_S = 0.1    # a long jump's views follow ten times a second
WORKER_UNIT_S = 0.02   # a job whose unit takes longer runs on a worker thread
# Train mode keeps a batch of up to a frame's slice on the GUI thread: there the canvas and
# plots follow every frame, while a worker greys the panels until it stops (a 26 ms batch
# of 400-25-10 on a slower machine trained unseen)
TRAIN_WORKER_UNIT_S = 0.03
POLL_MS = 30
AFTER_VIEWS_MS = 10


class JobRunner(QObject):
    sigBusy = Signal(bool)
    sigProgress = Signal(str, float, float, float)
    sigDone = Signal(str)

    def __init__(self, session, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.job = None
        self.text = ""
        self.endless = False
        self.clock = time.perf_counter
        self._thread: threading.Thread | None = None
        self._worker_mode = False
        self._error: BaseException | None = None
        self._views_s = 0.005     # what the views' update after a slice costs (running mean)
        self._shown = 0.0         # when the views last followed
        self._rate = (0.0, 0, 0.0)   # (since, batches then, batches a second)
        # single-shot, re-armed when a tick ends: a repeating timer is due again before its
        # long slot returns and so goes before every other timer (a 10 ms heartbeat then
        # waited two slices); re-armed after, it lets the ones that fell due go first
        self.timer = QTimer(self, singleShot=True)
        self.timer.setTimerType(Qt.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        # a child timer, not a static single shot: it dies with the runner (a pending call
        # to a gone session at exit crashed the interpreter)
        self._views_timer = QTimer(self, singleShot=True)
        self._views_timer.timeout.connect(self.session.announce)

    @property
    def busy(self) -> bool:
        return self.job is not None

    @property
    def framed(self) -> bool:
        """The views follow every frame: Train mode, or a job that says so (its `framed`,
        which may change as it runs: Train N epochs once its batches come from ahead)."""
        return self.job is not None and (self.endless or getattr(self.job, "framed", False))

    @property
    def on_worker(self) -> bool:
        """The job runs (or is about to run) on a worker thread: nothing may read the
        model until sigBusy(False)."""
        return self.job is not None and self._worker_mode

    # ---- starting and stopping ----

    def start(self, job, text: str, endless: bool = False) -> bool:
        """Run `job` (None: nothing to do, the model said why). endless: Train mode."""
        self.stop()
        if job is None:
            return False
        self.job, self.text, self.endless = job, text, endless
        self._begun = self._slice_end = self._shown = self.clock()
        self._rate = (self._begun, self.session.model.timeline.n_updates(), 0.0)
        self._worker_mode = self._too_long()
        self.sigBusy.emit(True)         # before the worker starts: listeners may still read
        if self._worker_mode:
            self._on_worker()
        else:
            self._slice(FIRST_SLICE_S)
            if self.job is not None:
                self.timer.start(0)
        return True

    def stop(self) -> None:
        """Cancel the job and wait for the unit of work under way (see the module)."""
        if self.job is None:
            return
        self.job.cancel()
        if self._thread is not None:
            self._thread.join()
        self._finish(cancelled=True)

    def wait(self) -> None:
        """Run the job to its end on this thread (scripts and tests)."""
        if self.job is None or self.endless:
            return
        if self._thread is not None:
            self._thread.join()
        else:
            self.job.run(None)
        self._finish()

    # ---- on the GUI thread, in slices ----

    def _tick(self) -> None:
        if self._thread is not None:
            self._poll()
            if self._thread is not None:
                self.timer.start(POLL_MS)
        elif self.job is not None:
            shown, began = self._shown, self.clock()
            self._slice(FRAME_S if self.framed else SLICE_S, in_tick=True)
            if self.job is None or self._thread is not None:
                return
            if self._too_long():    # its unit grew (Train mode's child died): a worker
                self._worker_mode = True
                self.sigBusy.emit(True)           # the panels off, before it starts
                self._on_worker()
            else:
                self.timer.start(self._pause_ms(shown, began))

    def _too_long(self) -> bool:
        """The job's unit of work on this thread would not fit in a slice: it belongs on a
        worker thread."""
        return self.job.unit_s > (TRAIN_WORKER_UNIT_S if self.framed else WORKER_UNIT_S)

    def _pause_ms(self, shown: float, began: float) -> int:
        """Until the next tick. Train mode with batches computed ahead (the job's `ahead`):
        the rest of the frame, in which the worker trains and the paint comes. Otherwise,
        after a views tick, a little: the paint comes, and what fell due during it goes
        before the next slice."""
        if self.framed:    # ≥ 1 ms: a real timer, so the paint goes first
            # (a 0 ms one is a posted call, and skipped some paints)
            rest = FRAME_S - (self.clock() - began) if self.job.ahead else 0.0
            return max(1, int(rest * 1000))
        return AFTER_VIEWS_MS if self._shown != shown else 0

    def _slice(self, longest: float = SLICE_S, in_tick: bool = False) -> None:
        """One tick: a slice of work, then in Train mode the views' update (every frame,
        the slice shortened so that both together stay within the frame). A long jump's
        views follow every VIEWS_EVERY_S in a tick of their own, with no slice: the paint
        that comes after them is long for a large network, and a slice before them too
        would keep the GUI thread for both; so do the views of the end, when a tick's
        slice (in_tick) ends the job."""
        start = self.clock()
        if not self.framed and start - self._shown >= VIEWS_EVERY_S and start > self._begun:
            self.session.announce()
            self._shown = self.clock()
            self._report(self.job.status)
            return
        budget = longest
        if self.framed:        # a frame holds the slice, the views after it and the paint
            budget = min(longest - self._views_s, FRAME_S - (start - self._slice_end))
        try:
            status = self.job.run(max(MIN_SLICE_S, budget))
        except Exception as exc:  # noqa: BLE001 -- as on the worker: said, and the job ends
            self._error = exc     # (else the timer would run the failing slice for ever)
            self.job.cancel()     # a job computing ahead stops its worker
            self._finish()
            return
        self._slice_end = self.clock()
        if status.done:     # in a tick, the views and their paint in one of their own: after
            # a full slice they kept the GUI thread 40–55 ms (20 + 6–10 + 13–20); at the key
            # press a short move is shown at once
            self._finish(views_later=in_tick)
            return
        if self.framed:
            self.session.announce()
            self._shown = self.clock()
            self._views_s += 0.3 * (self._shown - self._slice_end - self._views_s)
        self._report(status)

    # ---- on a worker thread ----

    def _on_worker(self) -> None:
        job = self.job
        self._error = None

        def work():
            try:
                job.run(None)
            except BaseException as exc:  # noqa: BLE001 -- handed to the GUI thread
                self._error = exc

        self._thread = threading.Thread(target=work, name="backprop-studio job", daemon=True)
        self._thread.start()
        self._report(job.status)
        self.timer.start(POLL_MS)

    def _poll(self) -> None:
        if self._thread.is_alive():
            self._report(self.job.status)
            return
        self._thread.join()
        # the panels come back first and the views follow in a tick of their own: both at
        # once, with their paints, kept the GUI thread ~50 ms at 400-25-10 (9 + 10 + 21)
        self._finish(views_later=True)

    # ---- reporting ----

    def _report(self, status) -> None:
        now = self.clock()
        rate = 0.0
        if self.framed:
            since, n0, rate = self._rate
            if now - since >= 0.5:            # batches a second, over the last half second
                n = self.session.model.timeline.n_updates()
                rate = (n - n0) / (now - since)
                self._rate = (now, n, rate)
        if self.endless or now - self._begun >= 0.3:
            self.sigProgress.emit(self.text, -1.0 if self.endless else status.fraction,
                                  status.seconds_left, rate)

    def _finish(self, cancelled: bool = False, views_later: bool = False) -> None:
        job = self.job
        self.timer.stop()
        self.job, self._thread = None, None
        failed = self._error is not None
        if failed:
            error, self._error = self._error, None
            self.session.say(f"{self.text} stopped: {error}", "error")
        status = job.status
        if status.halted is not None:
            self.session.set_playing(False)
            self.session.say(str(status.halted), "error")
        self.sigBusy.emit(False)
        if views_later:
            # 1 ms, a real timer: a 0 ms one is a posted call, which goes before the
            # timers that fell due (and the paint) and so joined the two blocks again
            self._views_timer.start(1)
        else:
            self.session.announce()
        if cancelled or status.cancelled:
            self.sigDone.emit(f"{self.text}: stopped at step {self.session.k:,}.")
        elif status.halted is None and not failed and self.clock() - self._begun >= 0.3:
            self.sigDone.emit(f"{self.text}: done, at step {self.session.k:,}.")
