"""Play/pause: micro-steps at the user's speed, views repainted about 30 times a second.

Each timer tick runs the steps that are due (speed × elapsed time) and then lets the
session announce one sigStepped, so repainting never sets the training speed. A tick's
stepping is capped by a time budget, so Pause, PageUp and edits stay responsive; the budget
adapts so that stepping + updating the views + painting fit in one frame (≥ 30 fps). It
follows the middle of the last PERIODS_KEPT frame periods (their mean without the lowest
and the highest fifth of them), not each frame's period nor their plain mean: a timer that
fires one frame late catches up with an early one, and on a shared machine a stray tick
comes 10-20 ms late whatever the work. Reacting to each late frame alone (shrink by 20 %,
grow back by 5 %) ratcheted the budget down to its floor over a long play, the decay of
steps/s with frames/s holding (issue 10); a running mean still shrank it at each stray.
What a frame costs besides stepping is the views' update in the tick and the painting after
it (the plots' axes, the canvas's scene): about 15-20 ms of a frame for XOR offscreen.

A frame that holds two whole batches or more ends right after a batch's gradient step (the
canvas shows the batch's last δ and its D), one that holds an example or more after an
example's backward pass (its δ, and Θ; Session.play_span): at 20,000 steps/s every frame
stood at a random micro-step, and the canvas flickered between a forward pass, δ and
pending units, its legend between a and δ, Θ and Δ, from one frame to the next.

The speed asked for is not always the speed reached (a slow machine, a large network):
`achieved` is the rate actually reached over the last ACHIEVED_OVER_S seconds of play,

    achieved = (k_now − k_then) / (t_now − t_then),   t_then the oldest tick ≥ 1 s back,

from the session's step count k; sigAchieved says it about twice a second while playing.
"""

from __future__ import annotations

import statistics
import time
from collections import deque

from PySide6.QtCore import QObject, Qt, QTimer, Signal

FRAME_MS = 28          # ≈ 36 ticks a second: the budget holds the frames 5-10 % late at
                       # most (32-34 fps), a margin over the 30 fps target (at 30 ms
                       # frames, 400-25-10 played at 27-30 fps)
WORK_BUDGET_S = 0.020  # at most this long stepping per tick
MIN_BUDGET_S = 0.002   # at least this long, however slow the painting
PERIODS_KEPT = 10      # the budget follows the middle of this many frame periods
ACHIEVED_OVER_S = 1.0  # the achieved rate is measured over the last second of play
SAY_EVERY_S = 0.5      # sigAchieved at most this often: a figure a person can read


class Player(QObject):
    sigSpeed = Signal(float)
    sigAchieved = Signal(float)   # steps/s reached over the last second, while playing

    def __init__(self, session, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.speed = 4.0           # micro-steps per second
        self._owed = 0.0
        self._per_step = 1e-4      # running estimate of one step's cost, seconds
        self._last = 0.0
        self.budget = WORK_BUDGET_S
        self._periods: deque[float] = deque(maxlen=PERIODS_KEPT)   # seconds
        self.clock = time.perf_counter   # seconds; a test gives a clock of its own
        self.achieved: float | None = None
        self._samples: deque[tuple[float, int]] = deque()   # (t, k) after each tick
        self._said = 0.0
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.PreciseTimer)   # the default coarse timer drifts by 5 %
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self._tick)
        session.sigPlaying.connect(self._on_playing)

    def toggle(self) -> None:
        self.session.set_playing(not self.session.playing)

    def set_speed(self, steps_per_second: float) -> None:
        self.speed = max(0.25, float(steps_per_second))
        self.sigSpeed.emit(self.speed)

    def _on_playing(self, playing: bool) -> None:
        if playing:
            self._owed = 1.0  # the first step comes at once: pressing Play visibly does something
            self._last = self._said = self.clock()
            self._periods.clear()
            self._samples = deque([(self._last, self.session.k)])
            self.achieved = None
            self.timer.start()
        else:
            self.timer.stop()

    def _tick(self) -> None:
        now = self.clock()
        self._adapt_budget(now - self._last)
        self._owed += self.speed * (now - self._last)
        self._last = now
        due = int(self._owed)
        if due == 0:
            self._measure(now)
            return
        cap = max(1, int(self.budget / self._per_step))
        # at speed, to a gradient step or an example's δ: each frame shows the same moment
        n = self.session.play_span(min(due, cap))
        self._owed = min(self._owed - n, self.speed)  # never bank more than a second
        start = self.clock()
        self.session.run_steps(n, announce=False)
        done = self.clock()
        # the stepping alone: counting the views' update in it would make each step look
        # dearer the fewer steps a frame takes, down to one step a frame on a slow machine
        self._per_step = max(1e-9, 0.8 * self._per_step + 0.2 * (done - start) / n)
        self._measure(done)
        self.session.announce()

    def _measure(self, now: float) -> None:
        """Steps per second over the last ACHIEVED_OVER_S s (from the session's k)."""
        k, samples = self.session.k, self._samples
        if samples and k < samples[-1][1]:   # stepped back while playing: start afresh
            samples.clear()
        samples.append((now, k))
        while len(samples) > 2 and samples[1][0] <= now - ACHIEVED_OVER_S:
            samples.popleft()                # the oldest kept is the last ≥ 1 s back
        t0, k0 = samples[0]
        if now <= t0:
            return
        self.achieved = (k - k0) / (now - t0)
        if now - self._said >= SAY_EVERY_S:
            self._said = now
            self.sigAchieved.emit(self.achieved)

    def _adapt_budget(self, period: float) -> None:
        """Shrink the stepping budget while most frames run late (stepping + views + paint
        take longer than FRAME_MS = T), grow it back while most are on time:

            p̃ = mean of the last PERIODS_KEPT periods without their lowest and highest fifth;
            budget × 0.8 if p̃ > 1.1 T,  × 1.05 if p̃ < 1.05 T.

        Not their median: late and early ticks in turn (the timer catching up) would put it
        on one or the other, and a single slow step would flip it from early to late."""
        self._periods.append(period)
        kept = sorted(self._periods)
        cut = len(kept) // 5
        typical = statistics.fmean(kept[cut:len(kept) - cut])
        if typical > 1.1 * FRAME_MS / 1000:
            self.budget = max(MIN_BUDGET_S, 0.8 * self.budget)
        elif typical < 1.05 * FRAME_MS / 1000:
            self.budget = min(WORK_BUDGET_S, 1.05 * self.budget)
