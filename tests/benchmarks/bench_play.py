"""Play: frames per second, training speed and Pause latency of the real window.

Run: python tests/benchmarks/bench_play.py [--seconds S] [--long [S]]   (offscreen; not CI)

For each network a MainWindow (1280×800) plays for S seconds at the top speed of the
settings slider (20,000 micro-steps/s) while an event filter counts the paint events of
the canvas and of the cost plot. It prints

* fps: frames per second in which the canvas or the plots painted (target ≥ 30; Qt
  repaints the canvas only when what it shows changed) and the 95th-percentile gap
  between two frames;
* play/engine: micro-steps per second while playing, over the engine's own rate measured
  in the same run (the Stepper alone, no window): how much of the machine training gets
  while the window repaints at 30 fps;
* slow play: at 10 steps/s the number of steps actually taken over the number the speed
  asks for (1.00 = the speed control, not repainting, sets the pace);
* Pause latency: a P key press is posted to the event queue at 10 random moments during
  play; the time until the session reports it stopped (one timer tick is 28 ms).

--long [S] (default 90 s) plays XOR at the top speed for S seconds instead and prints
steps/s and fps of each 10 s, and steps/s of the last 10 s over the first 10 s (target
≥ 0.8: a long play must not slow down as the history grows); for each 10 s also the
player's mean time stepping a tick (its budget), the views' update a tick, and a
synchronous repaint of the whole window after it: what a frame costs besides stepping.
On a shared machine steps/s swing with the load; the per-tick costs show whether
anything grows with the history, and so does the reference measured in the same run
before and after each 10 s: a fresh model of the same network micro-stepped 3,000 times
alone (no window). The ratio that separates the two is play ÷ the reference, last 10 s
over first (target ≥ 0.8). --profile with it writes a
cProfile of 10 s more play to /tmp/bench_play_long.prof and prints its top.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench_views import CASES, open_window  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import bpengine as bp  # noqa: E402
from app.main_window import MainWindow  # noqa: E402
from app.prompts import DIALOGS  # noqa: E402
from app.session import Session  # noqa: E402

TOP_SPEED = 20000.0
SLOW_SPEED = 10.0


class PaintClock(QObject):
    """Records the time of every paint event of the widgets it is installed on, and of
    every tick of the timer that drives the window's frames (watch)."""

    def __init__(self):
        super().__init__()
        self.times: list[float] = []
        self.ticks: list[float] = []

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Paint:
            self.times.append(time.perf_counter())
        return False

    def watch(self, window, timer) -> tuple:
        """Installed on the canvas and on the plots of `window`, and told of `timer`'s
        ticks (the player's, or the jobs' in Train mode); returns the widgets."""
        painted = (window.canvas.viewport(), window.plots.viewport())
        for widget in painted:
            widget.installEventFilter(self)
        timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))
        return painted

    def clear(self) -> None:
        self.times.clear()
        self.ticks.clear()

    def frames(self) -> list[float]:
        """The times of the ticks after which the canvas or the plots painted before the
        next tick: Qt repaints the canvas only when what it shows changed (once XOR
        settles, a frame may repaint the plots alone), and one frame's paints of the two
        can be 20 ms apart in a heavy frame."""
        bounds, paints, out, j = self.ticks + [float("inf")], sorted(self.times), [], 0
        for t, t_next in zip(bounds, bounds[1:]):
            while j < len(paints) and paints[j] < t:
                j += 1
            if j < len(paints) and paints[j] < t_next:
                out.append(t)
        return out


def run_for(seconds: float) -> None:
    app, end = QApplication.instance(), time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents(QEventLoop.AllEvents, 5)


def steps_per_second(step, n: int = 3000) -> float:
    """Calls of `step` (one micro-step) per second over n of them."""
    t0 = time.perf_counter()
    for _ in range(n):
        step()
    return n / (time.perf_counter() - t0)


def engine_rate(session: Session, n: int = 3000) -> float:
    """Micro-steps per second of the Stepper alone (the reference of this run)."""
    rate = steps_per_second(session.stepper.step, n)
    session.reset()
    return rate


def alone_rate(config, n: int = 3000) -> float:
    """Micro-steps per second of a fresh model of `config` alone: the machine's speed now,
    for a long play (whose own stepper must not move)."""
    return steps_per_second(bp.StudioModel(config).step, n)


def play_frames(window: MainWindow, seconds: float) -> tuple[float, float, float]:
    """(fps, p95 gap ms, steps/s) while playing at the top speed."""
    clock = PaintClock()
    painted = clock.watch(window, window.player.timer)
    window.player.set_speed(TOP_SPEED)
    k0 = window.session.stepper.k
    window.session.set_playing(True)
    run_for(0.3)  # settle: the first frames include layout work
    clock.clear()
    k0, t0 = window.session.stepper.k, time.perf_counter()
    run_for(seconds)
    k1, t1 = window.session.stepper.k, time.perf_counter()
    window.session.set_playing(False)
    for widget in painted:
        widget.removeEventFilter(clock)
    frames = clock.frames()
    gaps = [b - a for a, b in zip(frames, frames[1:])] or [float("inf")]
    p95 = sorted(gaps)[int(0.95 * (len(gaps) - 1))]
    return len(frames) / (t1 - t0), 1000 * p95, (k1 - k0) / (t1 - t0)


def slow_play(window: MainWindow, seconds: float) -> float:
    """Steps taken over steps asked for, at SLOW_SPEED."""
    window.session.reset()
    window.player.set_speed(SLOW_SPEED)
    window.session.set_playing(True)
    t0 = time.perf_counter()
    run_for(seconds)
    k, t1 = window.session.stepper.k, time.perf_counter()
    window.session.set_playing(False)
    return k / (1.0 + SLOW_SPEED * (t1 - t0))  # the first step comes at once


def pause_latency(window: MainWindow, trials: int = 10) -> list[float]:
    """Milliseconds from a posted P key press to the session's sigPlaying(False)."""
    rng, out = random.Random(0), []
    stopped: list[float] = []
    window.session.sigPlaying.connect(lambda p: p or stopped.append(time.perf_counter()))
    window.player.set_speed(TOP_SPEED)
    for _ in range(trials):
        window.session.set_playing(True)
        run_for(0.1 + 0.2 * rng.random())
        stopped.clear()
        t0 = time.perf_counter()
        for kind in (QEvent.KeyPress, QEvent.KeyRelease):
            QCoreApplication.postEvent(window.canvas, QKeyEvent(kind, Qt.Key_P, Qt.NoModifier))
        while not stopped and time.perf_counter() - t0 < 2.0:
            QApplication.instance().processEvents(QEventLoop.AllEvents, 5)
        out.append(1000 * ((stopped[0] if stopped else float("inf")) - t0))
        window.session.set_playing(False)
    return out


def timed(session, names) -> dict[str, list[float]]:
    """Wrap the session's methods `names` (called by the player) to record their times."""
    spent: dict[str, list[float]] = {}
    for name in names:
        method, spent[name] = getattr(session, name), []

        def wrapper(*a, _method=method, _out=spent[name], **kw):
            t0 = time.perf_counter()
            try:
                return _method(*a, **kw)
            finally:
                _out.append(time.perf_counter() - t0)
        setattr(session, name, wrapper)
    return spent


def repaint_ms(window, n: int = 5) -> float:
    """Median ms of a synchronous repaint of the whole window (canvas, plots, docks)."""
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        window.repaint()
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def long_play(seconds: float, profile: bool = False) -> None:
    """XOR at the top speed for `seconds`: steps/s and fps per 10 s, last over first."""
    window = open_window(CASES[0][1], CASES[0][2])
    clock = PaintClock()
    clock.watch(window, window.player.timer)
    window.player.set_speed(TOP_SPEED)
    session = window.session
    spent = timed(session, ("run_steps", "announce"))
    budgets: list[float] = []
    window.player.timer.timeout.connect(lambda: budgets.append(window.player.budget))
    session.set_playing(True)
    windows: list[tuple[float, float, int, float]] = []   # (steps/s, fps, updates at the
    alone = alone_rate(CASES[0][1])                      # end, the reference's steps/s)
    for w in range(max(1, round(seconds / 10))):
        clock.clear()
        budgets.clear()
        for v in spent.values():
            v.clear()
        k0, t0 = session.k, time.perf_counter()
        run_for(10.0)
        k1, t1 = session.k, time.perf_counter()
        before, alone = alone, alone_rate(CASES[0][1])   # after the 10 s: not in their rate
        windows.append(((k1 - k0) / (t1 - t0), len(clock.frames()) / (t1 - t0),
                        session.history_token()[-1], (before + alone) / 2))
        ms = {name: 1000 * sum(v) / max(1, len(v)) for name, v in spent.items()}
        paint = repaint_ms(window)
        print(f"  {10 * w:3d}–{10 * w + 10:3d} s: {windows[-1][0]:9,.0f} steps/s "
              f"{windows[-1][1]:5.1f} fps  {windows[-1][2]:9,d} updates   alone "
              f"{windows[-1][3]:7,.0f} steps/s, play ÷ alone {windows[-1][0] / windows[-1][3]:.2f}"
              f"   a tick: stepping "
              f"{ms['run_steps']:5.1f} ms (budget {1000 * statistics.mean(budgets or [0]):4.1f})"
              f", views {ms['announce']:4.1f} ms; window repaint {paint:4.1f} ms", flush=True)
    if profile:   # 10 s more, profiled (cProfile slows the stepping: not in the ratio)
        import cProfile
        import pstats
        with cProfile.Profile() as profiler:
            run_for(10.0)
        profiler.dump_stats("/tmp/bench_play_long.prof")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    session.set_playing(False)
    third = max(1, len(windows) // 3)
    early = statistics.mean(w[0] for w in windows[:third])
    late = statistics.mean(w[0] for w in windows[-third:])
    share = [w[0] / w[3] for w in windows]             # play ÷ the reference
    print(f"long play XOR {seconds:g} s: steps/s last 10 s / first 10 s = "
          f"{windows[-1][0] / windows[0][0]:.2f}; last third / first third "
          f"= {late / early:.2f}; fps first {windows[0][1]:.1f}, last {windows[-1][1]:.1f}")
    print(f"  play ÷ alone, last 10 s / first 10 s = {share[-1] / share[0]:.2f} (target >= 0.8);"
          f" the reference alone, last / first = {windows[-1][3] / windows[0][3]:.2f}")
    window.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=4.0, help="play time per network")
    ap.add_argument("--long", type=float, nargs="?", const=90.0, default=None,
                    help="one long play of XOR (seconds, default 90) instead")
    ap.add_argument("--profile", action="store_true", help="with --long: cProfile the end")
    args = ap.parse_args()
    _app = QApplication.instance() or QApplication([])   # kept alive for the run
    # closing a played window asks whether to save it: a modal dialog would block the run
    DIALOGS.save_changes = lambda parent, name: "discard"
    if args.long:
        long_play(args.long, args.profile)
        return
    print(f"play at {TOP_SPEED:,.0f} steps/s for {args.seconds:g} s, window 1280x800, offscreen")
    print(f"{'network':26} {'fps':>6} {'p95 gap ms':>11} {'engine st/s':>12} {'play st/s':>10} "
          f"{'play/engine':>12} {'slow ratio':>11} {'pause ms (median/max)':>22}")
    for name, config, data, _target in CASES:
        window = open_window(config, data)
        ref = engine_rate(window.session)
        fps, gap, rate = play_frames(window, args.seconds)
        slow = slow_play(window, min(args.seconds, 3.0))
        pauses = pause_latency(window)
        print(f"{name:26} {fps:6.1f} {gap:11.1f} {ref:12,.0f} {rate:10,.0f} {rate / ref:12.2f} "
              f"{slow:11.2f} {statistics.median(pauses):10.1f} / {max(pauses):6.1f}")
        window.close()
    print("targets: fps >= 30; slow ratio ~1.00; Pause within a tick or two (28 ms each)")


if __name__ == "__main__":
    main()
