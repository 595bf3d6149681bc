"""Train mode and long moves, as the user sees them: the Train button (T) beside Play,
Step ▸ Train epochs… (Ctrl+T), and in the message bar over the canvas the progress, the
time left and Cancel for any move that takes longer than ~0.3 s (Train mode shows the
batches a second actually achieved instead, and Stop). Esc stops whatever is moving
(app/presentation.py).

While a job runs on a worker thread (jobs.py: a batch longer than a slice) the panels are
disabled, so that nothing reads the network the worker is changing; Cancel stays live.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QWidget

from app.prompts import DIALOGS


def progress_text(text: str, fraction: float, seconds_left: float, rate: float) -> str:
    """"Training 100 epochs… 40 % · 4 s left · 2,300 batches/s", or in Train mode
    "Training · 2,300 batches/s" (the rate achieved, measured over the last half second;
    given by the jobs trained a frame at a time)."""
    speed = f" · {rate:,.0f} batches/s" if rate else ""
    if fraction < 0:
        return f"{text}{speed}" if rate else f"{text}…"
    left = f" · {seconds_left:,.0f} s left" if seconds_left >= 1.5 else ""
    return f"{text}… {fraction:.0%}{left}{speed}"


class TrainingControls(QObject):
    """The actions and the indicator; MainWindow places them."""

    def __init__(self, window, session):
        super().__init__(window)
        self.window, self.session = window, session
        self.last_epochs = 10
        self.train_action = self._act(
            "Train", self._toggle, "T", "Train whole batches at full speed until stopped; "
            "every batch stays reachable by rewind (T; Esc stops)")
        self.train_action.setCheckable(True)
        self.epochs_action = self._act(
            "Train epochs…", self._ask_epochs, "Ctrl+T",
            "Train a number of epochs at full speed, then stop (Ctrl+T)")
        jobs = session.jobs
        jobs.sigBusy.connect(self._on_busy)
        jobs.sigProgress.connect(self._show_progress)
        jobs.sigDone.connect(session.say)

    def _act(self, text: str, slot, key: str, tip: str) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(key))
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _c=False: slot())
        self.window.addAction(action)       # the key works with the menus hidden
        return action

    def _toggle(self) -> None:
        self.session.set_training(not self.session.training)

    def _ask_epochs(self) -> None:
        n = DIALOGS.epochs(self.window, self.last_epochs)
        if n is not None:
            self.last_epochs = n
            self.session.train_epochs(n)

    def _show_progress(self, text: str, fraction: float, seconds_left: float,
                       rate: float) -> None:
        self.window.messages.show_progress(progress_text(text, fraction, seconds_left, rate),
                                           fraction, "Stop" if fraction < 0 else "Cancel",
                                           self.session.jobs.stop)

    def _on_busy(self, busy: bool) -> None:
        training = busy and self.session.jobs.endless
        self.train_action.setChecked(training)
        self.train_action.setText("Stop training" if training else "Train")
        if not busy:
            self.window.messages.end_progress()
        self._enable_panels(not (busy and self.session.jobs.on_worker))

    def _enable_panels(self, enabled: bool) -> None:
        """The panels off while a worker moves the model, on again after; the message bar
        (over the canvas, in the central widget) stays live: its Cancel stops the job."""
        w = self.window
        central = w.centralWidget()
        parts = [] if central is None else [
            c for c in central.findChildren(QWidget, "", Qt.FindDirectChildrenOnly)
            if c is not w.messages]
        parts += [d.widget() for d in w.findChildren(QDockWidget) if d.widget() is not None]
        was_disabled = not w.canvas.isEnabled()
        for part in parts:
            part.setEnabled(enabled)
        if enabled and was_disabled:     # the keyboard back from the disabled panels (a
            w.canvas.setFocus(Qt.OtherFocusReason)   # job in slices leaves it where it is)
