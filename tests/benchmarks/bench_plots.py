"""Plot refresh and play with a long history: 10 000, 1 000 000 and 5 000 000 updates.

Run: python tests/benchmarks/bench_plots.py [--real] [--seconds S]   (offscreen; not CI)

A real MainWindow (1280×800, XOR, full batch) is trained 10 000 batches at engine speed
(Stepper.train). For 1M and 5M the stepper is then put at batch N with
Stepper.restore_position (what reopening a session file does): Θ and D of batch 10 000
and a history of N costs and accuracies, the real 10 000 followed by a falling curve with
noise (the plots' cost depends on the length of the history, not on its values; --real
trains all N batches instead, which takes minutes). For each N it prints

* refresh ms: the median over 60 updates of one CostPlots.refresh after one more update
  (the micro-steps of one batch, run without announcing, then the refresh alone), and
  paint ms: a synchronous repaint of the plots widget after it;
* the ratios 1M / 10k and 5M / 10k of the refresh (target ≤ 2: flat), and the same after
  α is changed at 5M (a second segment of the run, whose history joins the first's);
* play at the top speed (20,000 steps/s) for S seconds after the 10k and the 1M history:
  canvas frames per second (target ≥ 30) and micro-steps per second.
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
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from bench_play import play_frames  # noqa: E402
from bench_views import CASES, open_window  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.prompts import DIALOGS  # noqa: E402

SIZES = (10_000, 1_000_000, 5_000_000)


def long_history(J: np.ndarray, acc: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The real first len(J) values, then a cost falling as 1/i from the last one with
    ±5 % noise (a peak envelope must keep it), accuracy 1."""
    rng = np.random.default_rng(0)
    i = np.arange(len(J), n, dtype=np.float64)
    tail = J[-1] * len(J) / (i + 1) * (1 + 0.05 * rng.standard_normal(len(i)))
    return (np.concatenate([J, np.abs(tail)]),
            np.concatenate([acc, np.ones(len(i))]))


def put_at(window, n: int, base: tuple, real: bool) -> None:
    """The window's stepper at batch n with a history of n updates."""
    st = window.session.stepper
    if real:
        st.train(until_batch=n)
    else:
        thetas, D, J, acc = base
        hist_J, hist_acc = long_history(J, acc, n)
        st.restore_position(n, thetas, D, hist_J, hist_acc)
    window.plots.rebuilt()
    window.session.announce()
    QApplication.instance().processEvents()


def one_more_update(window) -> None:
    """The micro-steps of one batch, so the history grows by one (no views updated)."""
    st = window.session.stepper
    n = len(st.history_J)
    while len(st.history_J) == n:
        window.session.run_steps(1, announce=False)


def refresh_ms(window, repeats: int = 60) -> tuple[float, float]:
    """Median ms of one plots refresh after one more update, and of a repaint after it."""
    plots, refresh, paint = window.plots, [], []
    for _ in range(repeats):
        one_more_update(window)
        t0 = time.perf_counter()
        plots.refresh()
        t1 = time.perf_counter()
        plots.viewport().repaint()   # the scene drawn (the view widget alone is a frame)
        t2 = time.perf_counter()
        refresh.append(t1 - t0)
        paint.append(t2 - t1)
    return 1000 * statistics.median(refresh), 1000 * statistics.median(paint)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--real", action="store_true", help="train every batch (minutes)")
    ap.add_argument("--seconds", type=float, default=5.0, help="play time after a history")
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)),
                    help="history lengths, comma-separated, the first the reference")
    args = ap.parse_args()
    sizes = [int(v) for v in args.sizes.split(",")]
    _app = QApplication.instance() or QApplication([])   # kept alive for the run
    DIALOGS.save_changes = lambda parent, name: "discard"
    _name, config, data, _target = CASES[0]
    window = open_window(config, data)
    st = window.session.stepper
    st.train(n_batches=sizes[0])
    thetas, D = st.batch_start_weights()
    base = (thetas, D, np.array(st.history_J), np.array(st.history_acc))
    print(f"XOR full batch, window 1280x800 offscreen; histories "
          f"{'trained' if args.real else 'restored (10k trained + synthetic)'}")
    print(f"{'updates':>10} {'refresh ms':>11} {'paint ms':>9} {'play fps':>9} "
          f"{'play steps/s':>13}")
    refresh = {}
    for n in sizes:
        put_at(window, n, base, args.real)
        refresh[n], paint = refresh_ms(window)
        fps = rate = float("nan")
        if n <= 1_000_000:          # play after 10k and after 1M updates
            fps, _gap, rate = play_frames(window, args.seconds)
        print(f"{n:10,d} {refresh[n]:11.3f} {paint:9.2f} {fps:9.1f} {rate:13,.0f}", flush=True)
    # a setting changed at the end: a second segment, its history joined to the first's
    window.session.set_settings(alpha=0.9)
    window.session.model.stepper.train(n_batches=10)
    window.session.announce()
    segments, _paint = refresh_ms(window)
    print(f"{sizes[-1] + 10:10,d} {segments:11.3f}   (α changed at {sizes[-1]:,}: two segments)")
    ref = refresh[sizes[0]]
    for n in sizes[1:]:
        print(f"refresh {n:,} / {sizes[0]:,} = {refresh[n] / ref:.2f}  (target <= 2)")
    print(f"refresh {sizes[-1]:,} in two segments / {sizes[0]:,} = {segments / ref:.2f}"
          f"  (target <= 2)")
    print("targets: refresh flat within 2x; play fps >= 30 after a 1M-update history")
    window.close()


if __name__ == "__main__":
    main()
