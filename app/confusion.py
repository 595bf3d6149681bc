"""The Accuracy panel: accuracy and the confusion matrix of the training part, and of the
validation part when a split exists, at the current Θ.

The counts come from bpengine.confusion (rows the true class, columns the class the network
says); the panel only lays them out. A cell's shade grows with its share of its row, green
on the diagonal (right answers) and vermillion off it, and its number is always printed.
Recomputed after a step while not playing (on pause, during play: every frame it would be
a pass over the data), and only when Θ or the data changed.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import panel_style as ps
from app.on_screen import OnScreen
from app.theme import Look
from bpengine.confusion import confusion

PARTS = (("train", "Training part"), ("validation", "Validation part"))


class ConfusionPanel(OnScreen, QWidget):
    """See the module docstring. titles[part] (accuracy of each part, both always shown),
    table (the matrix of the part chosen in `part`), parts: the last confusion()."""

    def __init__(self, session, parent: QWidget | None = None, look: Look | None = None):
        super().__init__(parent)
        self.session = session
        self.look = look or Look()
        self.st = ps.style(self.look)
        note = QLabel("Rows: the true class. Columns: the class the network says (the "
                      "largest output; with one output unit, h ≥ 0.5). The diagonal counts "
                      "the right answers.", wordWrap=True)
        self.titles = {}
        for part, _text in PARTS:
            title = QLabel(objectName=f"confusionTitle_{part}")
            title.setFont(self.st.font(ps.TITLE_PT, bold=True))
            self.titles[part] = title
        self.part = QComboBox(objectName="confusionPart")
        self.part.setToolTip("Whose confusion matrix is shown")
        self.part.activated.connect(lambda _i: self._show_table())
        self.table = QTableWidget(objectName="confusionTable")
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setFocusPolicy(Qt.NoFocus)
        self.table.setSelectionMode(QTableWidget.NoSelection)
        for header in (self.table.horizontalHeader(), self.table.verticalHeader()):
            # the whole matrix in the panel, 10 × 10 included: cells share what room there is
            header.setSectionResizeMode(QHeaderView.Stretch)
            header.setMinimumSectionSize(12)
        row = QHBoxLayout()
        row.addWidget(QLabel("Matrix of the"))
        row.addWidget(self.part, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.titles["train"])
        layout.addWidget(self.titles["validation"])
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        self.parts = None
        self._key = None
        self._dirty = False
        session.sigStepped.connect(self.refresh)
        session.sigNetworkChanged.connect(self.refresh)
        session.sigConfig.connect(self.refresh)
        session.sigMoving.connect(lambda playing: playing or self.refresh())
        self.refresh()

    def sizeHint(self) -> QSize:
        return QSize(380, 380)

    def set_look(self, look: Look) -> None:
        """Titles and cells in `look` (the cells' shades are mixed with its page colour)."""
        self.look = look
        self.st = ps.style(look)
        for title in self.titles.values():
            title.setFont(self.st.font(ps.TITLE_PT, bold=True))
        if self.parts is not None:
            self._show_table()

    def catch_up(self) -> None:
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        s = self.session
        if s.moving or not self.on_screen():
            self._dirty = True
            return
        self._dirty = False
        key = (id(s.model.data), tuple(id(t) for t in s.stepper.thetas))
        if key == self._key:
            return
        self._key, self._held = key, list(s.stepper.thetas)   # held: the ids stay theirs
        self.parts = confusion(s.model)
        chosen = self.part.currentData()
        self.part.clear()
        for part, text in PARTS:
            res = self.parts[part]
            self.titles[part].setVisible(res is not None)
            if res is None:
                continue
            self.titles[part].setText(f"{text}: {res.m:,} examples · accuracy "
                                      f"{res.accuracy:.1%}")
            self.part.addItem(text.lower(), part)
        self.part.setCurrentIndex(max(0, self.part.findData(chosen)))
        self.part.setEnabled(self.part.count() > 1)
        self._show_table()

    def _show_table(self) -> None:
        res = self.parts[self.part.currentData() or "train"]
        self._fill(self.table, res.matrix, self.session.dataset.class_names)

    def _fill(self, table: QTableWidget, C, names) -> None:
        n = len(names)
        table.setRowCount(n)
        table.setColumnCount(n)
        short = n > 4 or max(len(c) for c in names) > 8
        table.setVerticalHeaderLabels([c if short else f"true “{c}”" for c in names])
        table.setHorizontalHeaderLabels([c if short else f"says “{c}”" for c in names])
        st = self.st
        font = st.font(ps.CELL_PT + (0 if n > 6 else 2))
        table.setFont(font)
        page = st.look.color("base")          # the table's page: the theme's base colour
        totals = C.sum(axis=1)
        for r in range(n):
            for c in range(n):
                count = int(C[r, c])
                item = QTableWidgetItem(f"{count:,}")
                item.setTextAlignment(Qt.AlignCenter)
                share = count / totals[r] if totals[r] else 0.0
                color = ps.over(st.passed if r == c else st.failed, page,
                            (25 + 200 * share) / 255 if count else 0.0)
                item.setBackground(QBrush(color))
                # black or white, whichever reads better on the mixed shade
                item.setForeground(QBrush(st.ink_on(color)))
                if r == c:
                    bold = item.font()
                    bold.setBold(True)
                    item.setFont(bold)
                item.setToolTip(f"{count:,} of the {int(totals[r]):,} examples of class "
                                f"“{names[r]}” are said to be “{names[c]}”")
                table.setItem(r, c, item)

