"""Train mode and long moves, as the user sees them: the Train button (T) beside Play,
Step ▸ Train epochs… (Ctrl+T), and a busy indicator over the canvas with progress, the time
left and Cancel for any move that takes longer than ~0.3 s (Train mode shows the batches
a second actually achieved instead). Esc stops whatever is moving (app/presentation.py).

While a job runs on a worker thread (jobs.py: a batch longer than a slice) the panels are
disabled, so that nothing reads the network the worker is changing; Cancel stays live.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

from app.prompts import DIALOGS


class BusyIndicator(QFrame):
    """"Training 100 epochs… [■■■□□] 4 s left [Cancel]" — hidden while nothing runs. It
    floats over the canvas's top right corner, so nothing around it moves when it shows."""

    def __init__(self, session, parent: QWidget):
        super().__init__(parent)
        self.session = session
        self.setFrameShape(QFrame.StyledPanel)
        self.setAutoFillBackground(True)
        parent.installEventFilter(self)
        self.label = QLabel()
        self.bar = QProgressBar(maximum=1000, textVisible=False)
        self.bar.setFixedWidth(80)
        self.cancel = QPushButton("Cancel")
        self.cancel.setToolTip("Stop here (Esc): every step reached so far stays reachable")
        self.cancel.clicked.connect(session.jobs.stop)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 0, 4, 0)
        row.addWidget(self.label)
        row.addWidget(self.bar)
        row.addWidget(self.cancel)
        self.label.setMinimumWidth(self.fontMetrics().horizontalAdvance("x" * 24))
        self.setVisible(False)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Resize and self.isVisible():
            self._place()
        return False

    def _place(self) -> None:
        self.adjustSize()
        area = self.parentWidget().rect()
        self.move(max(0, area.right() - self.width() - 8), 8)
        self.raise_()

    def show_progress(self, text: str, fraction: float, seconds_left: float,
                      rate: float) -> None:
        if fraction < 0:                         # Train mode: no end, the rate achieved
            self.bar.setMaximum(0)               # Qt's "busy" bar
            self.label.setText(f"{text} · {rate:,.0f} batches/s" if rate else f"{text}…")
            self.cancel.setText("Stop")
        else:
            self.bar.setMaximum(1000)
            self.bar.setValue(round(1000 * fraction))
            left = f" · {seconds_left:,.0f} s left" if seconds_left >= 1.5 else ""
            self.label.setText(f"{text}…{left}")
            self.cancel.setText("Cancel")
        if not self.isVisible():
            self.setVisible(True)
            self._place()


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
        self.indicator = BusyIndicator(session, window.canvas)
        jobs = session.jobs
        jobs.sigBusy.connect(self._on_busy)
        jobs.sigProgress.connect(self.indicator.show_progress)
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

    def _on_busy(self, busy: bool) -> None:
        training = busy and self.session.jobs.endless
        self.train_action.setChecked(training)
        self.train_action.setText("Stop training" if training else "Train")
        if not busy:
            self.indicator.setVisible(False)
        self._enable_panels(not (busy and self.session.jobs.on_worker))

    def _enable_panels(self, enabled: bool) -> None:
        w = self.window
        central = w.centralWidget()
        if central is not None:
            central.setEnabled(enabled)
        for dock in w.findChildren(QDockWidget):
            if dock.widget() is not None:
                dock.widget().setEnabled(enabled)
        if enabled and central is not None:
            central.setFocus(Qt.OtherFocusReason)
