"""How long the GUI thread is blocked during long moves: a 10 ms heartbeat timer's gaps.

Run: python tests/benchmarks/bench_heartbeat.py   (offscreen; not part of the suite)

A shown 1280×800 MainWindow; a QTimer fires every 10 ms on the GUI thread and records
when it ran. For each move the longest gap between two beats from the key press until the
move has finished (target < 50 ms), against the longest gap of the same timer over the
same time with the window idle (the reference, same run), and the move's duration:

* next epoch (Ctrl+Shift+PageDown) on 400-25-10, m = 5000, full batch and batches of 50,
  from the middle of the first batch;
* seek to the middle of a 1,000,000-step run (2-2-2-1 on XOR; the run made first);
* Step ▸ Train epochs: 100 epochs of 64-25-10 on the digits, full batch and batches of 50;
* reopening a session saved at step 1,000,000 (File ▸ Open, XOR).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from app.blas_threads import leave_a_core  # noqa: E402

leave_a_core()         # as the app does, before numpy loads (app/blas_threads.py)

from bench_views import synthetic  # noqa: E402
from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import bpengine as bp  # noqa: E402
from app.main_window import MainWindow  # noqa: E402
from app.prompts import DIALOGS  # noqa: E402
from app.session import Session  # noqa: E402
from bpengine.config import DataSource, StudioConfig  # noqa: E402


class Heartbeat:
    def __init__(self):
        self.times: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.PreciseTimer)
        self.timer.setInterval(10)
        self.timer.timeout.connect(lambda: self.times.append(time.perf_counter()))

    def worst_gap_ms(self, start: float, end: float) -> float:
        beats = [start] + [t for t in self.times if start <= t <= end] + [end]
        return 1000 * max(b - a for a, b in zip(beats, beats[1:]))


def pump(until, limit_s: float = 600.0) -> None:
    app, t0 = QApplication.instance(), time.perf_counter()
    while not until() and time.perf_counter() - t0 < limit_s:
        app.processEvents(QEventLoop.AllEvents, 5)


def measure(beat: Heartbeat, window: MainWindow, action) -> tuple[float, float, float]:
    """(worst gap ms during the action and 0.1 s after it, worst gap ms idle as long,
    duration s including those 0.1 s)."""
    session = window.session
    settle = time.perf_counter() + 1.0           # the window's first layout and paints
    pump(lambda: time.perf_counter() > settle)
    t0 = time.perf_counter()
    action()
    pump(lambda: not session.jobs.busy)
    tail = time.perf_counter() + 0.1            # and the panels' refresh once it is idle
    pump(lambda: time.perf_counter() > tail)
    t1 = time.perf_counter()
    pump(lambda: time.perf_counter() > t1 + max(t1 - t0, 0.2))   # idle, as long
    t2 = time.perf_counter()
    return beat.worst_gap_ms(t0, t1), beat.worst_gap_ms(t1, t2), t1 - t0


def window_for(session: Session) -> MainWindow:
    w = MainWindow(session)
    w.resize(1280, 800)
    w.show()
    QApplication.instance().processEvents()
    return w


def random400(batch: int | None) -> MainWindow:
    s = Session()
    s.set_dataset(DataSource("csv", "random400.csv", sha256="random400"),
                  synthetic(400, 10, m=5000))
    s.set_settings(hidden=(25,), acts=("sigmoid", "sigmoid"), lam=1.0, batch_size=batch)
    w = window_for(s)
    for _ in range(40):
        s.step()                                   # into the first batch
    return w


def digits(batch: int | None) -> MainWindow:
    return window_for(Session(StudioConfig(source=DataSource("builtin", "digits"),
                                           hidden=(25,), acts=("sigmoid", "sigmoid"),
                                           batch_size=batch)))


def main() -> None:
    _app = QApplication.instance() or QApplication([])
    DIALOGS.save_changes = lambda parent, name: "discard"
    beat = Heartbeat()
    beat.timer.start()
    rows = []
    for batch in (None, 50):
        w = random400(batch)
        rows.append((f"next epoch, 400-25-10 m = 5000, {_b(batch)}",
                     measure(beat, w, w.session.next_epoch)))
        w.close()
    w = window_for(Session())
    s = w.session
    per = s.stepper.schedule.per_epoch
    s.model.seek(0)
    t = time.perf_counter()
    s.model.timeline.stepper.train(until_batch=1_000_000 // per + 1)   # the 1M-step run
    print(f"(made a {s.k:,}-step run in {time.perf_counter() - t:.1f} s)")
    s.announce()
    rows.append(("seek to the middle of a 1,000,000-step run (XOR)",
                 measure(beat, w, lambda: s.seek(s.k // 2))))
    path = Path(tempfile.mkdtemp()) / "million.bpstudio"
    s.model.timeline.stepper.train(until_batch=1_000_000 // per + 1)
    bp.save_session(path, s.model)
    rows.append((f"reopen a session at step {s.k:,} (XOR)",
                 measure(beat, w, lambda: w.files.open_path(path))))
    w.close()
    for batch in (None, 50):
        w = digits(batch)
        rows.append((f"train 100 epochs, 64-25-10 digits, {_b(batch)}",
                     measure(beat, w, lambda w=w: w.session.train_epochs(100))))
        w.close()
    print(f"{'move':56} {'worst gap ms':>12} {'idle worst':>11} {'ratio':>6} {'took s':>7}")
    for name, (gap, idle, took) in rows:
        print(f"{name:56} {gap:12.1f} {idle:11.1f} {gap / idle:6.2f} {took:7.2f}")
    print("target: worst gap < 50 ms")


def _b(batch):
    return "full batch" if batch is None else f"batches of {batch}"


if __name__ == "__main__":
    main()
