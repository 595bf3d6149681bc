"""File ▸ Export weights… / Import weights…: Θ as .npz, JSON or the course's .mat
(Theta1, Theta2, …: bias in column 1, shape s_{l+1} × (s_l + 1), as its Octave code
expects). Importing checks the shapes against the network and says which layer does not
fit; training then starts again from the imported weights (one undoable edit)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

import bpengine as bp
from app.prompts import DIALOGS


class WeightFiles(QObject):
    def __init__(self, window, session):
        super().__init__(window)
        self.window, self.session = window, session
        self.export_action = QAction("Export weights…", window)
        self.export_action.setStatusTip("Save the current Θ as .npz, JSON or the course's .mat")
        self.export_action.triggered.connect(lambda _c=False: self.export())
        self.import_action = QAction("Import weights…", window)
        self.import_action.setStatusTip("Train from weights saved as .npz, JSON or .mat")
        self.import_action.triggered.connect(lambda _c=False: self.import_())
        self.actions = [self.export_action, self.import_action]

    def export(self, path=None) -> bool:
        path = path or DIALOGS.weights_path(self.window, True, "weights.mat")
        if not path:
            return False
        self.session.hold_still()
        try:
            bp.save_weights(path, self.session.model.thetas)
        except (bp.DataError, OSError, ValueError) as exc:
            self.session.say(f"Could not export the weights. {exc}", "error")
            return False
        k = self.session.k
        self.session.say(f"Exported Θ at step {k:,} to {Path(path).name}.", "info")
        return True

    def import_(self, path=None) -> bool:
        path = path or DIALOGS.weights_path(self.window, False)
        if not path:
            return False
        try:
            thetas = bp.load_weights(path, sizes=self.session.sizes)
        except (bp.DataError, OSError, ValueError) as exc:
            self.session.say(f"Could not import the weights. {exc}", "error")
            return False
        return self.session.set_weights(thetas, Path(path).name)
