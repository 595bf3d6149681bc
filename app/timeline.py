"""The step banner: the current seed line in large type, and where we are in training."""

from __future__ import annotations

from numbers import Integral

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.fitlabel import FitLabel
from app.theme import Look

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
    """Reads session.status() on every sigStepped; computes nothing itself. Two lines of
    fixed height: the seed line (shrunk, then elided, to fit; never wrapped) and where
    training stands (shorter wordings where the full one does not fit)."""

    def __init__(self, session, parent: QWidget | None = None, look: Look | None = None):
        super().__init__(parent)
        self.session = session
        self.label = FitLabel()
        self.label.setObjectName("stepLabel")
        self.where = FitLabel()
        self.where.setObjectName("stepWhere")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 4, 12, 4)
        layout.setSpacing(0)
        layout.addWidget(self.label)
        layout.addWidget(self.where)
        self.set_look(look or Look())
        session.sigStepped.connect(self.refresh)
        self.refresh()

    def set_look(self, look: Look) -> None:
        """Type sizes of the look (the presentation's text scale); colours come from the
        window's palette."""
        pt, where = look.pt("banner_pt"), look.pt("where_pt")
        self.label.set_font_size(pt, max(11.0, pt * 0.65), look.weight(QFont.DemiBold))
        self.where.set_font_size(where, max(10.0, where * 0.8), look.weight(QFont.Normal))

    def refresh(self) -> None:
        st = self.session.status()
        kind = KIND_NAMES.get(st["kind"], "start")
        if st["kind"]:
            self.label.set_texts(f"{kind.capitalize()}:  {st['label']}", st["label"])
        else:
            self.label.set_texts(st["label"])
        J, last = _fmt(st["J_so_far"]), _fmt(st["J_last"])
        # the short line has room for one J: at a batch's start (after Train, a batch or an
        # epoch) there is none so far, and the last batch's is the one worth reading
        short_J = f"J {J}" if st["J_so_far"] is not None or st["J_last"] is None \
            else f"last J {last}"
        n = _counts(st)          # 8,825,706, not 8825706: read at a glance
        self.where.set_texts(
            f"Epoch {n['epoch']} · batch {n['batch']} of {n['n_batches']} · "
            f"example {n['example_pos']} of {n['batch_len']} (row {n['example']} of "
            f"{n['m']}) · step {n['k']} · J so far {J} · last batch J {last} · "
            f"updates {n['updates']}",
            f"Epoch {n['epoch']} · batch {n['batch']}/{n['n_batches']} · example "
            f"{n['example_pos']}/{n['batch_len']} · step {n['k']} · J so far {J} · "
            f"last J {last}",
            f"Epoch {n['epoch']} · batch {n['batch']}/{n['n_batches']} · example "
            f"{n['example_pos']}/{n['batch_len']} · step {n['k']} · {short_J}",
            f"Epoch {n['epoch']} · example {n['example_pos']}/{n['batch_len']} · "
            f"step {n['k']}")


def _counts(st: dict) -> dict:
    """The status with its whole numbers grouped by thousands (other values as they are)."""
    return {key: f"{v:,}" if isinstance(v, Integral) and not isinstance(v, bool)
            else v for key, v in st.items()}
