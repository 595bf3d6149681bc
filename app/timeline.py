"""The step banner: the current seed line in large type, and where we are in training."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

KIND_NAMES = {
    "forward": "forward propagation",
    "output_error": "output error",
    "backward": "back-propagation",
    "accumulate": "accumulate",
    "gradient": "gradient",
    "update": "update",
}


def _fmt(v) -> str:
    return "—" if v is None else f"{v:.4f}"


class StepBanner(QWidget):
    """Reads session.status() on every sigStepped; computes nothing itself."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.label = QLabel(objectName="stepLabel")
        self.where = QLabel(objectName="stepWhere")
        for w, pt, weight in ((self.label, 20, QFont.DemiBold), (self.where, 13, QFont.Normal)):
            font = QFont(w.font())
            font.setPointSizeF(pt)
            font.setWeight(weight)
            w.setFont(font)
            w.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 4)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.where)
        session.sigStepped.connect(self.refresh)
        self.refresh()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            for w in (self.label, self.where):   # a new width: fit afresh, from two lines
                w.setFixedHeight(2 * w.fontMetrics().lineSpacing() + 2)
            self._fit()

    def _fit(self) -> None:
        """Each label is as tall as its text needs at this width, at least two lines, and
        only grows until the width changes: a banner whose height followed every label
        would re-lay out the window (and repaint the canvas) on every frame of play."""
        for w in (self.label, self.where):
            need = w.heightForWidth(w.width()) if w.width() > 0 else -1
            if need > w.height():
                w.setFixedHeight(need)

    def refresh(self) -> None:
        st = self.session.status()
        kind = KIND_NAMES.get(st["kind"], "start")
        self.label.setText(f"{kind.capitalize()}:  {st['label']}" if st["kind"] else st["label"])
        self.where.setText(
            f"Epoch {st['epoch']} · batch {st['batch']} of {st['n_batches']} · "
            f"example {st['example_pos']} of {st['batch_len']} (row {st['example']} of "
            f"{st['m']}) · step {st['k']} · J so far {_fmt(st['J_so_far'])} · "
            f"last batch J {_fmt(st['J_last'])} · updates {st['updates']}")
        self._fit()
