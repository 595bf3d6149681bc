"""Play/pause: micro-steps at the user's speed, views repainted at most ~30 times a second.

Each timer tick runs the steps that are due (speed × elapsed time) and then lets the
session announce one sigStepped, so repainting never sets the training speed. A tick's
work is also capped by time, so Pause, PageUp and edits stay responsive on big networks.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal

FRAME_MS = 33          # ≈ 30 repaints a second
WORK_BUDGET_S = 0.020  # at most this long stepping per tick


class Player(QObject):
    sigSpeed = Signal(float)

    def __init__(self, session, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.speed = 4.0           # micro-steps per second
        self._owed = 0.0
        self._per_step = 1e-4      # running estimate of one step's cost, seconds
        self._last = 0.0
        self.timer = QTimer(self)
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
            self._last = time.perf_counter()
            self.timer.start()
        else:
            self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self._owed += self.speed * (now - self._last)
        self._last = now
        due = int(self._owed)
        if due == 0:
            return
        cap = max(1, int(WORK_BUDGET_S / self._per_step))
        n = min(due, cap)
        self._owed = min(self._owed - n, self.speed)  # never bank more than a second
        start = time.perf_counter()
        self.session.run_steps(n)
        self._per_step = 0.8 * self._per_step + 0.2 * (time.perf_counter() - start) / n
