"""Train mode's fast batches computed ahead, in a child process or on a worker thread,
and committed on the caller's.

Training batch after batch on the GUI thread leaves it only the time between frames to
train in: the views and the paint of each frame (~9 ms at 64-25-10) are time not trained.
Here a worker computes batch b + 1 from Θ_{b+1} while the GUI thread shows batch b, so on
two cores both run at once. The worker is a child process where one can be started
(trainproc.py, trainchild.py: its own interpreter, so no fight for the GIL) and otherwise
a thread (numpy and BLAS release the GIL for their loops, but a small batch is mostly
Python). Either only computes: it calls `_fast_result` (the rule of record, the same call
`_fast_batch` makes, so Θ after every batch has the same bits) and queues the results.
Everything that changes the stepper (the commit, the history, the checkpoint store, the
settle) happens in `take()` on the caller's thread, so the views, which read the stepper
between takes, never see it half moved, and a cancel leaves it at the batch boundary of
the last take.

Where the fast path is not safe (the a-priori bound fails) or a result is not finite or
diverges, or the child process dies, the pipeline ends there, and the caller crosses that
batch its own way (Stepper.train: it micro-steps the batch and raises at the micro-step
that fails), on its thread or, for a large network, a worker thread of its own: a GUI
thread never micro-steps a batch of 6 × 512 on the digits.
"""

from __future__ import annotations

import queue
import threading
import time

from .microsteps import quiet
from .trainproc import ChildTrainer

MAX_BYTES = 8 << 20     # the results computed ahead and not yet taken hold at most this,
MAX_AHEAD = 256         # and are at most this many (some frames' worth)
PUT_WAIT_S = 0.05       # a worker that is ahead waits in steps this long (cancel is seen)
FIRST_WAIT_S = 0.03     # take() waits this long at most (about a slice) for a first batch
THREAD_NAME = "backprop-studio train"


class Pipeline:
    """Batches from the stepper's current batch on, computed by a worker."""

    def __init__(self, stepper, in_process: bool = False):
        """in_process: in a child process (trainproc.py; raises OSError if it cannot be
        started), which computes from the batch start `ready()` first finds; else on a
        thread, from the batch start now."""
        s = self.s = stepper
        per_result = 16 * s._anchor_flat.size + 64      # Θ_{b+1} and D, float64
        ahead = min(MAX_AHEAD, max(2, MAX_BYTES // per_result))
        self._results: queue.Queue = queue.Queue(maxsize=ahead)
        self._stop = threading.Event()
        self._order: tuple | None = None
        self.ended = False       # the worker stopped: the caller takes the batches over
        self._child = ChildTrainer(s, self._put, THREAD_NAME) if in_process else None
        self.started = self._child is None
        if self._child is None:
            start = (s._anchor_batch, s._anchor_flat, s._anchor_size())
            self._thread = threading.Thread(target=self._work, args=start, daemon=True,
                                            name=THREAD_NAME)
            self._thread.start()

    def ready(self) -> bool:
        """Computing, so take() has batches to commit. A child that has just loaded starts
        here, from the stepper's batch start as it is now (until then the caller trains in
        slices); one that died ends the pipeline."""
        if not self.started and self._child.loaded:
            if not self._child.failed:
                s = self.s
                self._child.begin(s._anchor_batch, s._anchor_flat, s._anchor_size())
            self.started = True
        return self.started

    def close(self) -> None:
        """Stop the worker and wait for the batch it computes (its result is dropped); a
        child process is ended at once."""
        self._stop.set()
        if self._child is not None:
            self._child.close()
        else:
            self._thread.join()

    def take(self, budget_s: float, until: int | None = None, wait: bool = True) -> int:
        """Commit, on this thread, the batches the worker has computed so far, for at most
        about budget_s seconds (~20 µs a batch), waiting (up to FIRST_WAIT_S; not at all
        if not `wait`) only for the first; none from the start of batch `until` on (the
        worker computes on: it is
        closed there), and none once the worker has stopped (`ended`: the caller crosses
        the next batch). Returns the batches committed: at least one, unless none came
        within FIRST_WAIT_S, `until` was reached or the pipeline ended."""
        s, done, start = self.s, 0, time.perf_counter()
        with quiet():
            try:
                while not (self.ended or until is not None and s._anchor_batch >= until
                           or done and time.perf_counter() - start >= budget_s):
                    try:
                        r = self._results.get(timeout=FIRST_WAIT_S) if (
                            wait and not done) else self._results.get_nowait()
                    except queue.Empty:
                        break
                    if r is not None and r.b != s._anchor_batch:   # moved by another way
                        self.ended = True
                        break
                    # the worker stopped, or r must be micro-stepped (what follows it was
                    # computed from it): the caller crosses the batch its own way, as it
                    # would without a pipeline (on a worker thread, for a large network)
                    if r is None or not s._fast_ok(r):
                        self.ended = True
                        break
                    s._commit_batch(r.b, r.J, r.acc, r.flat, r.D, r.size, light=True)
                    done += 1
            finally:
                s._settle()
        return done

    def _work(self, b: int, flat, size: float) -> None:
        try:
            with quiet():      # numpy's error state is per thread: as quiet as take()'s
                for r in self.s._results_ahead(b, flat, size, self._epoch_order):
                    if not self._put(r):
                        return
        except Exception:  # noqa: BLE001, S110 -- the caller crosses this batch its own
            pass           # way, meets the same error there and raises it
        finally:
            self._put(None)        # the end: the caller goes on from the last result

    def _put(self, item) -> bool:
        while not self._stop.is_set():
            try:
                self._results.put(item, timeout=PUT_WAIT_S)
                return True
            except queue.Full:
                continue
        return False

    def _epoch_order(self, epoch: int):
        """The stepper's order(epoch), cached here: its own cache is the GUI thread's."""
        if self._order is None or self._order[0] != epoch:
            self._order = (epoch, self.s.permutation(epoch))
        return self._order[1]
