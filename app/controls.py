"""The settings panel: α, λ, batch size, activations, loss, seed, play speed.

Every change goes through a Session method (one undoable edit each); the panel re-reads
the session's configuration on sigConfig, so undo/redo shows up here too.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QWidget,
)

import bpengine as bp
from app.fitlabel import FitLabel
from app.syncing import Syncing
from app.theme import Look

SEED_LIMIT = 2**31     # a QSpinBox holds a 32-bit int
BATCH_CHOICES = ("full batch (all m, as in the lecture)", "mini-batch", "1 example (stochastic)")
LOSS_LABELS = {"cross_entropy": "cross-entropy (lecture eq. 1)", "mse": "squared error ½‖h − y‖²"}


def rate(steps_per_second: float, digits: int | None = None) -> str:
    """A rate for a person: "0.5", "9.1", "250", "20,000"; with `digits`, rounded to that
    many significant figures ("14,300" for 14,287.6)."""
    x = float(steps_per_second)
    if digits is not None and x >= 10:
        x = round(x, digits - 1 - int(math.floor(math.log10(x))))
    return f"{x:,.1f}" if x < 10 else f"{x:,.0f}"


class SettingsPanel(QWidget):
    sigDone = Signal()  # an edit finished: the window gives the keyboard back to the canvas

    def __init__(self, session, player, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.player = session, player
        self.syncing = Syncing()
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        # a narrow dock puts each field under its label rather than widening the window
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        self.alpha = self._spin(0.0001, 1000.0, 4, "learning rate α in Θ := Θ − αD")
        self.lam = self._spin(0.0, 1e6, 4, "regularisation λ in J and D (λ/m; bias excluded)")
        self.batch_kind = QComboBox()
        self.batch_kind.addItems(BATCH_CHOICES)
        self.batch_size = QSpinBox(minimum=1, maximum=100000, value=8)
        batch_row = QHBoxLayout()
        batch_row.addWidget(self.batch_kind, 1)
        batch_row.addWidget(self.batch_size)
        self.shuffle = QCheckBox("shuffle each epoch (seeded)")
        self.hidden_act = QComboBox()
        self.hidden_act.addItems(bp.ACTIVATIONS)
        self.output_act = QComboBox()
        self.output_act.addItems(bp.ACTIVATIONS)
        self.loss = QComboBox()
        for key, text in LOSS_LABELS.items():
            self.loss.addItem(text, key)
        self.seed = QSpinBox(minimum=0, maximum=SEED_LIMIT - 1)
        self.new_seed = QPushButton("New seed")
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed, 1)
        seed_row.addWidget(self.new_seed)
        self.speed = QSlider(Qt.Horizontal, minimum=0, maximum=100)
        self.speed_label = QLabel()
        speed_row = QHBoxLayout()
        speed_row.addWidget(self.speed, 1)
        speed_row.addWidget(self.speed_label)
        # while playing: the rate reached beside the one asked for; one line of fixed
        # height (shorter wordings, then elided, in a narrow dock), blank when not playing
        pt = self.font().pointSizeF() if self.font().pointSizeF() > 0 else 12.0
        self._achieved_pt = (pt, 0.85 * pt)      # its size, and the least it shrinks to
        self.achieved_label = FitLabel(*self._achieved_pt)
        form.addRow("α (learning rate)", self.alpha)
        form.addRow("λ (regularisation)", self.lam)
        form.addRow("Batch", batch_row)
        form.addRow("", self.shuffle)
        form.addRow("Hidden units g", self.hidden_act)
        form.addRow("Output units g", self.output_act)
        form.addRow("Cost", self.loss)
        form.addRow("Seed", seed_row)
        form.addRow("Play speed", speed_row)
        form.addRow("", self.achieved_label)
        for combo in self.findChildren(QComboBox):
            # long entries ("full batch (all m, as in the lecture)") must not set the dock's
            # minimum width: the combo shows 14 characters, its popup the whole text
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
        self._connect()
        self.look = Look()
        self.sync()

    def set_look(self, look: Look) -> None:
        """The type's weight in `look` (heavier in high contrast); the colours are the
        window's palette, which the widgets inherit."""
        self.look = look
        font = self.font()
        font.setWeight(look.weight())
        self.setFont(font)
        self.achieved_label.set_font_size(*self._achieved_pt, look.weight())

    @staticmethod
    def _spin(lo: float, hi: float, decimals: int, tip: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox(minimum=lo, maximum=hi, decimals=decimals)
        box.setToolTip(tip)
        box.setKeyboardTracking(False)  # apply when the user is done, not per keystroke
        return box

    def _connect(self) -> None:
        s = self.session
        self.alpha.valueChanged.connect(lambda v: self._do(s.set_settings, alpha=v))
        self.lam.valueChanged.connect(lambda v: self._do(s.set_settings, lam=v))
        self.batch_kind.activated.connect(lambda _i: self._apply_batch())
        self.batch_size.editingFinished.connect(self._apply_batch)
        self.shuffle.toggled.connect(lambda v: self._do(s.set_settings, shuffle=v))
        self.hidden_act.activated.connect(lambda _i: self._apply_hidden())
        self.output_act.activated.connect(
            lambda _i: self._do(s.set_activation, s.L, self.output_act.currentText()))
        self.loss.activated.connect(lambda i: self._do(s.set_settings, loss=self.loss.itemData(i)))
        self.seed.editingFinished.connect(lambda: self._do(s.set_settings, seed=self.seed.value()))
        # the box holds 0 … 2³¹ − 1: the next seed after the largest is 0
        self.new_seed.clicked.connect(
            lambda: self._do(s.set_settings, seed=(s.config.seed + 1) % SEED_LIMIT))
        self.speed.valueChanged.connect(self._apply_speed)
        self.player.sigAchieved.connect(self._show_achieved)
        s.sigPlaying.connect(lambda playing: self._show_achieved(self.player.achieved
                                                                 if playing else None))
        s.sigConfig.connect(self.sync)
        s.sigNetworkChanged.connect(self.sync)

    def _do(self, method, *args, **kwargs) -> None:
        if not self.syncing:
            method(*args, **kwargs)
            self.sync()  # a refused edit puts the old value back
            self.sigDone.emit()

    def _apply_batch(self) -> None:
        choice = self.batch_kind.currentIndex()
        size = (None, self.batch_size.value(), 1)[choice]
        self.batch_size.setEnabled(choice == 1)
        self._do(self.session.set_settings, batch_size=size)

    def _apply_hidden(self) -> None:
        """One activation for every hidden layer (per-layer choice: the canvas menus)."""
        c = self.session.config
        acts = (self.hidden_act.currentText(),) * len(c.hidden) + (c.acts[-1],)
        self._do(self.session.set_settings, acts=acts)

    def _apply_speed(self, position: int) -> None:
        # log scale: 0 → 0.5 steps/s … 100 → 20 000 steps/s
        speed = 0.5 * 10 ** (position / 100 * math.log10(40000))
        self.player.set_speed(speed)
        self.speed_label.setText(f"{rate(speed)} steps/s")
        if self.session.playing:
            self._show_achieved(self.player.achieved)

    def _show_achieved(self, achieved: float | None) -> None:
        """"20,000 steps/s asked · 14,300 achieved" while playing (None: not measured yet,
        or not playing: blank)."""
        if not self.session.playing:
            self.achieved_label.set_texts("")
            return
        asked = rate(self.player.speed)
        got = "…" if achieved is None else rate(achieved, digits=3)
        self.achieved_label.set_texts(f"{asked} steps/s asked · {got} achieved",
                                      f"{asked} asked · {got} achieved",
                                      f"{got} of {asked} steps/s")

    def sync(self) -> None:
        """Show the session's configuration (after undo/redo, or a refused edit)."""
        with self.syncing:
            self._show(self.session.config)

    def _show(self, c) -> None:
        self.alpha.setValue(c.alpha)
        self.lam.setValue(c.lam)
        choice = 0 if c.batch_size is None else (2 if c.batch_size == 1 else 1)
        self.batch_kind.setCurrentIndex(choice)
        self.batch_size.setEnabled(choice == 1)
        if choice == 1:
            self.batch_size.setValue(c.batch_size)
        self.shuffle.setChecked(c.shuffle)
        if c.hidden:
            self.hidden_act.setCurrentText(c.acts[0])
        self.hidden_act.setEnabled(bool(c.hidden))
        self.output_act.setCurrentText(c.acts[-1])
        self.loss.setCurrentIndex(max(0, self.loss.findData(c.loss)))
        self.seed.setValue(c.seed)
        position = round(100 * math.log10(self.player.speed / 0.5) / math.log10(40000))
        self.speed.setValue(max(0, min(100, position)))
        self._apply_speed(self.speed.value())
