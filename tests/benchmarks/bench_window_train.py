"""Train mode in the real window: updates a second against the engine's bare loop.

Run: python tests/benchmarks/bench_window_train.py [--seconds S] [--rounds R]
(offscreen; not part of the suite)

For 2-8-8-3 on spiral (m = 300; the issue's "2-8-8-1": spiral has 3 classes), 64-25-10 on
the digits (m = 1797) and 400-25-10 on m = 5000 (X uniform in [0, 1], one-hot Y), full
batch, a shown 1280×800 MainWindow trains in Train mode (the T key's mode) for S seconds
while an event filter counts the frames in which the canvas or the plots painted
(frames/s, target ≥ 30). The reference, in the same process and alternating with it R
times: the bare loop
`J, D = bp.cost_and_gradients(Θ, X, Y, λ); Θ = [t − αd]` on the same data for S seconds.
Printed: updates/s of each (best round), the ratio window ÷ bare (target ≥ 0.8), each
round's own ratio (its window ÷ the bare loop just before it) and their median (on a
shared machine the best rounds of the two often come at different moments), and the
lowest frames/s of any round. --slices: each round also trains in slices on the GUI
thread (no child process, no worker thread), for comparison. Also epochs/s on spiral with
2-4-2-3 (TensorFlow Playground's default 2-4-2-1, with our spiral's 3 classes), full batch
and with batches of 10 (Playground's default).
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
from app.blas_threads import leave_a_core  # noqa: E402

leave_a_core()         # as the app does, before numpy loads (app/blas_threads.py)

from bench_play import PaintClock, run_for  # noqa: E402
from bench_views import synthetic  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import bpengine as bp  # noqa: E402
from app.main_window import MainWindow  # noqa: E402
from app.prompts import DIALOGS  # noqa: E402
from app.session import Session  # noqa: E402
from bpengine import moves  # noqa: E402
from bpengine.config import DataSource, StudioConfig  # noqa: E402

SPIRAL = DataSource("builtin", "spiral")
CASES = [("2-8-8-3 on spiral (m = 300)", StudioConfig(source=SPIRAL, hidden=(8, 8),
                                                      acts=("tanh", "tanh", "sigmoid"),
                                                      alpha=0.3), None),
         ("64-25-10 on digits (m = 1797)",
          StudioConfig(source=DataSource("builtin", "digits"), hidden=(25,),
                       acts=("sigmoid", "sigmoid"), lam=1.0), None),
         ("400-25-10, m = 5000", StudioConfig(hidden=(25,), acts=("sigmoid", "sigmoid"),
                                              lam=1.0), "400")]


def open_window(config: StudioConfig, data: str | None) -> MainWindow:
    session = Session(config) if data is None else Session()
    if data is not None:
        session.set_dataset(DataSource("csv", "random400.csv", sha256="random400"),
                            synthetic(400, 10, m=5000))
        session.set_settings(hidden=config.hidden, acts=config.acts, lam=config.lam)
    window = MainWindow(session)
    window.resize(1280, 800)
    window.show()
    QApplication.instance().processEvents()
    return window


def bare_rate(session: Session, seconds: float) -> float:
    """Updates a second of the bare loop on the session's data and weights."""
    st = session.stepper
    thetas, X, Y = [t.copy() for t in st.thetas], st.X, st.Y
    lam, alpha = st.lam, st.alpha
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        J, D = bp.cost_and_gradients(thetas, X, Y, lam, hidden=st.acts[0],
                                     output=st.acts[-1])
        thetas = [t - alpha * d for t, d in zip(thetas, D)]
        n += 1
    return n / (time.perf_counter() - t0)


def window_rate(window: MainWindow, seconds: float) -> tuple[float, float]:
    """(updates/s, frames/s) in Train mode. A frame: a tick of the jobs' timer after which
    the canvas or the plots painted (PaintClock.frames)."""
    session = window.session
    clock = PaintClock()
    painted = clock.watch(window, session.jobs.timer)
    session.set_training(True)
    run_for(0.3)                     # settle: the first frames include layout work
    clock.clear()
    n0, t0 = session.model.timeline.n_updates(), time.perf_counter()
    run_for(seconds)
    n1, t1 = session.model.timeline.n_updates(), time.perf_counter()
    session.set_training(False)
    for widget in painted:
        widget.removeEventFilter(clock)
    return (n1 - n0) / (t1 - t0), len(clock.frames()) / (t1 - t0)


def epochs_per_second(batch_size: int | None, seconds: float) -> float:
    config = StudioConfig(source=SPIRAL, hidden=(4, 2), acts=("tanh", "tanh", "sigmoid"),
                          alpha=0.3, batch_size=batch_size)
    window = open_window(config, None)
    per_epoch = window.session.stepper.schedule.n_batches
    rate, _fps = window_rate(window, seconds)
    window.close()
    return rate / per_epoch


def report(name: str, bares, wins, fpss) -> None:
    """The best of each contender, their ratio, each round's (its window ÷ its own bare
    loop, measured back to back), the median of those and the lowest frames/s."""
    paired = [w / b for w, b in zip(wins, bares)]
    ratios = " ".join(f"{r:.2f}" for r in paired)
    print(f"{name:32} {max(bares):11,.0f} {max(wins):13,.0f} "
          f"{max(wins) / max(bares):6.2f} {ratios:>20} {statistics.median(paired):6.2f} "
          f"{min(fpss):5.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--slices", action="store_true",
                    help="also train in slices on the GUI thread (no child process) in "
                         "every round: the way before batches were computed ahead")
    args = ap.parse_args()
    _app = QApplication.instance() or QApplication([])
    ways = moves.IN_PROCESS, moves.AHEAD_UNIT_S
    DIALOGS.save_changes = lambda parent, name: "discard"     # closing asks otherwise
    print(f"Train mode, window 1280x800 offscreen, {args.rounds} rounds of {args.seconds:g} s"
          f" each; best round of each contender")
    print(f"{'network':32} {'bare upd/s':>11} {'window upd/s':>13} {'ratio':>6} "
          f"{'(rounds)':>20} {'median':>6} {'fps':>5}")
    for name, config, data in CASES:
        window = open_window(config, data)
        bares, wins, fpss, sliced = [], [], [], []
        for _ in range(args.rounds):
            bares.append(bare_rate(window.session, args.seconds))
            rate, fps = window_rate(window, args.seconds)
            wins.append(rate)
            fpss.append(fps)
            if args.slices:
                moves.IN_PROCESS, moves.AHEAD_UNIT_S = False, float("inf")
                sliced.append(window_rate(window, args.seconds))
                moves.IN_PROCESS, moves.AHEAD_UNIT_S = ways
        report(name, bares, wins, fpss)
        if sliced:
            report("  the same in slices", bares, *zip(*sliced))
        window.close()
    for batch in (None, 10):
        eps = epochs_per_second(batch, args.seconds)
        what = "full batch" if batch is None else f"batches of {batch}"
        print(f"2-4-2-3 on spiral, {what}: {eps:,.0f} epochs/s in Train mode")


if __name__ == "__main__":
    main()
