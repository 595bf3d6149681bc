"""What the Train-mode and long-move tests share: a small network, a window that has the
keyboard, real key presses, and the reference every state is compared with — a model
that took each micro-step one at a time."""

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import bpengine as bp
from app.main_window import MainWindow
from app.session import Session
from bpengine.config import DataSource, StudioConfig

CIRCLES = StudioConfig(source=DataSource("builtin", "circles", m=24, noise=0.1, seed=3),
                       hidden=(3,), acts=("tanh", "sigmoid"), alpha=0.5, batch_size=5)


def focused_window(qtbot, config: StudioConfig = CIRCLES) -> MainWindow:
    """A shown window on `config` whose canvas has the keyboard."""
    w = MainWindow(Session(config))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    w.canvas.setFocus()
    return w


def key(qtbot, k, modifier=Qt.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), k, modifier)


def reference(k: int, edits=()) -> bp.StudioModel:
    """CIRCLES micro-stepped to k; edits: (K, settings) made when step K is reached."""
    model = bp.StudioModel(CIRCLES)
    edits = sorted(edits)
    while True:
        while edits and edits[0][0] == model.k:
            model.set_settings(**edits.pop(0)[1])
        if model.k >= k:
            return model
        model.step()


def assert_same(session, ref: bp.StudioModel) -> None:
    assert session.k == ref.k
    for a, b in zip(session.model.thetas, ref.thetas):
        assert np.array_equal(a, b)
    assert np.array_equal(session.history()[0], ref.history()[0])
