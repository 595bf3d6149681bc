"""The gradient check off the GUI thread: a QThread running bp.GradientCheck.run in slices.

    worker = CheckWorker(dict(thetas=…, X=…, Y=…, lam=…, formula=…, weights=…))
    worker.sigProgress.connect(bar)      # fraction done, at most every PROGRESS_S seconds
    worker.sigResult.connect(show)       # a GradientCheckResult, or None when cancelled
    worker.sigFailed.connect(say)        # a sentence (the engine refused the arguments)
    worker.start(); … worker.cancel()

The check copies its inputs (GradientCheck does), so training may go on meanwhile. Cancel
sets a flag the check reads before each slice (a row of one Θ⁽ˡ⁾, ≤ ~30 ms), so the thread
ends soon after. Running workers are kept here until they finish, so a panel that goes away
meanwhile does not destroy a running QThread; at exit the rest are cancelled and waited for.
"""

from __future__ import annotations

import atexit
import threading
import time

from PySide6.QtCore import QThread, Signal

import bpengine as bp

PROGRESS_S = 0.03        # ≈ 30 progress signals a second at most: one per repaint

_running: set[CheckWorker] = set()


class CheckWorker(QThread):
    sigProgress = Signal(float)
    sigResult = Signal(object)
    sigFailed = Signal(str)

    def __init__(self, arguments: dict, parent=None):
        super().__init__(parent)
        self.arguments = arguments
        self._cancel = threading.Event()
        self._last = 0.0
        self.check: bp.GradientCheck | None = None     # once the worker has made it
        self.finished.connect(self._forget)

    def start(self, *args) -> None:
        _running.add(self)
        super().start(*args)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:   # on the worker thread
        try:
            self.check = check = bp.GradientCheck(**self.arguments)
            result = check.run(self._progress, self._cancel.is_set)
        except (ValueError, ArithmeticError) as exc:
            self.sigFailed.emit(str(exc))
            return
        self.sigResult.emit(result)

    def _progress(self, fraction: float) -> None:
        now = time.perf_counter()
        if now - self._last >= PROGRESS_S or fraction >= 1.0:
            self._last = now
            self.sigProgress.emit(fraction)

    def _forget(self) -> None:
        _running.discard(self)


def running() -> list[CheckWorker]:
    """The workers started and not yet finished."""
    return [w for w in _running if w.isRunning()]


@atexit.register
def stop_all() -> None:
    """Cancel every running check and wait for it (at exit, and for tests)."""
    for worker in list(_running):
        worker.cancel()
        worker.wait()
