"""Benchmark: the teaching panels' costs as a user meets them (offscreen).

Run as ``python tests/benchmarks/bench_teach.py [--reps N] [--runs R]``.

Decision boundary: one refresh of the panel after an update (bp.decision_surface on the
200 × 200 grid + the image, and the h = 0.5 contour for one output unit) for 2-8-8-1 on
the moons (target < 10 ms) and 2-64-64-3 on the spiral, the same with the panel rendered
(grab()), and the coarse 48 × 48 refresh used while playing; against one bare
``bp.predict`` on the same 40,000 points (reference, timed alternately in the same run).

Gradient check: 64-25-10 sigmoid on the digits (m = 1797, λ = 0), started from the
Gradient check panel of a shown MainWindow, sampled (200 weights) and full (all 1,885):
the time until the panel shows the result, and the longest gap between the beats of a
10 ms QTimer on the GUI thread while it runs (target < 50 ms) — against the longest gap of
the same timer over the same length of time with nothing running (reference).

Best and median of each; ratios of best times. No wall-clock assert; the exit status is 1
only if a check fails to pass. The load average is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import numpy as np  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import bpengine as bp  # noqa: E402
from app.decision_plot import COARSE, FINE, DecisionPanel  # noqa: E402
from app.main_window import MainWindow  # noqa: E402
from app.session import Session  # noqa: E402
from bpengine.config import DataSource, StudioConfig  # noqa: E402

TARGET_SURFACE_MS, TARGET_GAP_MS, BEAT_MS = 10.0, 50.0, 10


def stats(ts) -> str:
    return f"best {min(ts) * 1e3:7.2f} ms, median {statistics.median(ts) * 1e3:7.2f} ms"


def spin(app, seconds: float, until=None) -> None:
    """Run an event loop as the app does, for `seconds` or until `until()` is true (checked
    every 5 ms). Not a loop of processEvents(): that spins, holding the GIL the worker
    needs (it made the check 3 × slower)."""
    loop = QEventLoop()
    end = time.perf_counter() + seconds
    poll = QTimer()
    poll.setInterval(5)
    poll.timeout.connect(lambda: (time.perf_counter() >= end or (until is not None and until()))
                         and loop.quit())
    poll.start()
    loop.exec()
    poll.stop()


def bench_surface(app, name: str, hidden, acts, reps: int) -> None:
    session = Session(StudioConfig(source=DataSource("builtin", name), hidden=hidden, acts=acts))
    panel = DecisionPanel(session)
    panel.resize(480, 480)
    panel.show()
    spin(app, 0.2)
    plane = panel.plane
    xs = np.linspace(*plane.xlim, FINE)
    ys = np.linspace(*plane.ylim, FINE)
    P = np.column_stack([np.tile(xs, FINE), np.repeat(ys, FINE)])
    thetas = list(session.stepper.thetas)
    t_ref, t_fine, t_paint, t_coarse = [], [], [], []
    for _ in range(reps):
        t0 = time.perf_counter()
        bp.predict(thetas, P, acts[:-1], acts[-1])
        t_ref.append(time.perf_counter() - t0)
        plane._key = None
        t0 = time.perf_counter()
        plane.refresh(False)
        t_fine.append(time.perf_counter() - t0)
        plane._key = None
        t0 = time.perf_counter()
        plane.refresh(False)
        panel.grab()
        t_paint.append(time.perf_counter() - t0)
        plane._key = None
        t0 = time.perf_counter()
        plane.refresh(True)
        t_coarse.append(time.perf_counter() - t0)
    sizes = "-".join(map(str, session.sizes))
    ref = min(t_ref)
    print(f"  {sizes:>9} on {name}: bare predict of {FINE}² points {stats(t_ref)}")
    print(f"  {'':>9}   panel refresh {FINE}²     {stats(t_fine)}  ({min(t_fine) / ref:.2f} × "
          f"predict; target < {TARGET_SURFACE_MS:g} ms)")
    print(f"  {'':>9}   + rendering the panel  {stats(t_paint)}  ({min(t_paint) / ref:.2f} ×)")
    print(f"  {'':>9}   coarse {COARSE}² (playing)  {stats(t_coarse)}  "
          f"({min(t_coarse) / ref:.2f} ×)")
    panel.close()
    panel.deleteLater()


class Heartbeat:
    """A 10 ms QTimer on the GUI thread; gaps between its beats."""

    def __init__(self):
        self.beats: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(BEAT_MS)
        self.timer.timeout.connect(lambda: self.beats.append(time.perf_counter()))

    def start(self) -> None:
        self.beats = [time.perf_counter()]
        self.timer.start()

    def stop(self) -> float:
        """The longest gap, seconds."""
        self.timer.stop()
        self.beats.append(time.perf_counter())
        return float(np.max(np.diff(self.beats)))


def bench_check(app, window, weights, runs: int) -> bool:
    panel = window.teaching.check
    full = panel.arguments

    def arguments():
        a = full()
        a["weights"] = weights
        return a

    panel.arguments = arguments
    beat = Heartbeat()
    t_run, gaps, idle_gaps, ok = [], [], [], True
    for _ in range(runs):
        beat.start()
        t0 = time.perf_counter()
        panel.run()
        spin(app, 600, until=lambda: panel.worker is None)
        t = time.perf_counter() - t0
        gaps.append(beat.stop())
        t_run.append(t)
        ok &= panel.result is not None and panel.result.passed
        beat.start()                          # the reference: the same time, nothing running
        spin(app, t)
        idle_gaps.append(beat.stop())
    n = panel.result.n_checked if panel.result else 0
    print(f"  {n:>5} weights: until shown  {stats(t_run)}")
    print(f"  {'':>5}          longest GUI gap best {min(gaps) * 1e3:6.1f} ms, worst "
          f"{max(gaps) * 1e3:6.1f} ms (target < {TARGET_GAP_MS:g}); idle reference best "
          f"{min(idle_gaps) * 1e3:6.1f}, worst {max(idle_gaps) * 1e3:6.1f} ms; ratio of "
          f"worsts {max(gaps) / max(idle_gaps):.2f}")
    panel.arguments = full
    return ok


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    app = QApplication.instance() or QApplication([])
    print(f"load average before: {os.getloadavg()}")
    print("Decision boundary, one refresh after an update:")
    bench_surface(app, "moons", (8, 8), ("sigmoid",) * 3, args.reps)
    bench_surface(app, "spiral", (64, 64), ("sigmoid",) * 3, args.reps)
    print("Gradient check, 64-25-10 on the digits (m = 1797), from the panel:")
    window = MainWindow(Session(StudioConfig(source=DataSource("builtin", "digits"),
                                             hidden=(25,), acts=("sigmoid", "sigmoid"))))
    window.resize(1280, 800)
    window.show()
    window.teaching.docks["Gradient check"].raise_()
    spin(app, 0.3)
    ok = bench_check(app, window, 200, args.runs)
    ok &= bench_check(app, window, "all", args.runs)
    print(f"load average after: {os.getloadavg()}")
    window.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
