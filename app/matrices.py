"""The Matrices panel: Θ⁽ˡ⁾, Δ⁽ˡ⁾ and D⁽ˡ⁾ of every layer l as heatmaps, following the stepper.

One row per l, one column per quantity (each can be hidden), one symmetric colour bar per
quantity under its column (the canvas's diverging map, ±the largest |value| rounded up, as
the canvas's legend). Row i of a heatmap is unit i of layer l + 1, column j unit j of layer
l; column j = 0, the bias, is set off by a dashed line and labelled. Matrices of at most
12 × 12 carry their values in the cells. On an accumulate micro-step the Δ cells that this
example's δ⁽ˡ⁺¹⁾(a⁽ˡ⁾)ᵀ changes are outlined in the accent colour (bpengine.increments).
Hovering a cell reads its value out; clicking it selects that weight everywhere, and the
selected weight's cell is outlined in every matrix of its layer.

Values are read from session.stepper; nothing here computes the network's math.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app import panel_style as ps
from app.canvas.colouring import value_scale
from app.matrix_items import LightPlot, MatrixPlot, tick_labels
from app.on_screen import OnScreen
from app.symbols import tip
from app.theme import Look
from bpengine.increments import changed_cells, current_increments
from bpengine.notation import layer as sl
from bpengine.notation import sub

QUANTITIES = {"theta": ("Θ", "weights"), "Delta": ("Δ", "accumulators"),
              "D": ("D", "gradients")}
SYMBOL_OF = {"theta": "Θ", "Delta": "Δ", "D": "D"}
ROW_MIN_PX = 96          # a row of heatmaps: title, at least ~50 px of matrix, the j axis
BARS_PX = 44             # the colour bars' row


class MatricesPanel(OnScreen, QWidget):
    """See the module docstring. plot_of(l, q) gives a MatrixPlot (q "theta", "Delta",
    "D"); bars[q] the colour bar of a column; readout the hover line."""

    def __init__(self, session, parent: QWidget | None = None, look: Look | None = None):
        super().__init__(parent)
        self.session = session
        self.look = look or Look()
        self.st = ps.style(self.look)
        self._palette = self.st.palette
        self.toggles = {}
        row = QHBoxLayout()
        row.addWidget(QLabel("Show:"))
        for q, (symbol, words) in QUANTITIES.items():
            box = QCheckBox(f"{symbol} {words}", checked=True)
            box.setToolTip(tip(symbol))
            box.toggled.connect(lambda _on: self.rebuild())
            self.toggles[q] = box
            row.addWidget(box)
        row.addStretch(1)
        self.view = pg.GraphicsLayoutWidget()
        self.view.setBackground(self.st.background)
        self.readout = QLabel("Point at a cell for its value; click it to select the weight.",
                              objectName="matrixReadout", wordWrap=True)
        self.readout.setFont(self.st.font(ps.TEXT_PT))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        # a short dock scrolls rather than squash each heatmap to a line
        self.scroll = QScrollArea(widgetResizable=True, frameShape=QScrollArea.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.view)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.readout)
        self.plots: dict[tuple[int, str], MatrixPlot] = {}
        self.bars: dict[str, pg.ColorBarItem] = {}
        self._dirty = False
        self._built = None
        self._bar_pool: dict[str, pg.ColorBarItem] = {}
        self._scales: dict[str, float] = {}
        self.view.scene().sigMouseMoved.connect(self._hover)
        self.view.scene().sigMouseClicked.connect(self._click)
        session.sigNetworkChanged.connect(self.rebuild)
        session.sigStepped.connect(self.refresh)
        session.sigSelection.connect(self.show_selection)
        self.rebuild()

    def sizeHint(self):
        return QSize(380, 340)

    def set_look(self, look: Look) -> None:
        """Every heatmap, axis, mark, cell number and colour bar made anew in `look` (now,
        or when the panel is next on screen)."""
        self.look = look
        self.st = ps.style(look)
        self._palette = self.st.palette
        self.view.setBackground(self.st.background)
        self.readout.setFont(self.st.font(ps.TEXT_PT))
        self._built, self._bar_pool = None, {}
        self.rebuild()

    # ---- building ----

    def shown(self) -> list[str]:
        return [q for q, box in self.toggles.items() if box.isChecked()]

    def plot_of(self, l: int, q: str) -> MatrixPlot:
        return self.plots[(l, q)]

    def rebuild(self) -> None:
        """Make the plots for the session's structure and the quantities shown (when the
        shapes or the quantities changed; while hidden, when next shown)."""
        key = (tuple(self.session.sizes), tuple(self.shown()))
        if key == self._built:
            self.refresh()
            return
        if not self.on_screen():
            self._dirty = True
            return
        self._built = key
        self.view.clear()
        self.plots, self.bars = {}, {}
        sizes, shown = self.session.sizes, self.shown()
        for row, l in enumerate(range(1, len(sizes))):
            shape = (sizes[l], sizes[l - 1] + 1)
            for col, q in enumerate(shown):
                plot = LightPlot(self.st)
                self.view.addItem(plot, row=row, col=col)
                self._style(plot, l, q, shape)
                self.plots[(l, q)] = MatrixPlot(plot, l, q, shape, self.st)
            self.view.ci.layout.setRowStretchFactor(row, max(2, min(sizes[l], 12)))
        self.view.setMinimumHeight((len(sizes) - 1) * ROW_MIN_PX + BARS_PX)
        for col, q in enumerate(shown):
            self.view.ci.layout.setColumnStretchFactor(col, 1)
            bar = self._bar(q)
            bar.setImageItem([self.plots[(l, q)].image for l in range(1, len(sizes))])
            self.view.addItem(bar, row=len(sizes) - 1, col=col)
            self.bars[q] = bar
        self._scales = {}
        self.refresh()
        self.show_selection()

    def _bar(self, q: str) -> pg.ColorBarItem:
        """The colour bar of quantity q, made once (one takes ~14 ms) and reused."""
        bar = self._bar_pool.get(q)
        if bar is None:
            st = self.st
            bar = pg.ColorBarItem(values=(-1.0, 1.0), colorMap=st.colormap(), interactive=False,
                                  orientation="horizontal", width=12, pen=st.ink,
                                  colorMapMenu=False)
            axis = bar.getAxis("bottom")
            axis.setTickFont(st.font(ps.CELL_PT))
            axis.setPen(pg.mkPen(st.ink))
            axis.setTextPen(pg.mkPen(st.ink))
            bar.setToolTip(f"Colour scale of {SYMBOL_OF[q]}: symmetric around 0, blue "
                           "negative, olive positive")
            self._bar_pool[q] = bar
        return bar

    def _style(self, plot: LightPlot, l: int, q: str, shape) -> None:
        rows, cols = shape
        vb = plot.getViewBox()
        vb.invertY(True)   # row i = 1 at the top, as the matrix is written
        vb.setMouseEnabled(False, False)
        vb.setRange(xRange=(0, cols), yRange=(0, rows), padding=0.02)
        for side, n, first in (("left", rows, 1), ("bottom", cols, 0)):
            axis = plot.getAxis(side)
            axis.setTickFont(self.st.font(ps.CELL_PT))
            axis.setPen(pg.mkPen(self.st.ink))
            axis.setTextPen(pg.mkPen(self.st.ink))
            axis.setTicks([tick_labels(n, first, side == "bottom"), []])
            axis.setStyle(hideOverlappingLabels=False)   # keep "j=0" at the very edge
        plot.getAxis("left").setWidth(24 if rows < 10 else 30)
        plot.getAxis("bottom").setHeight(24)
        plot.getAxis("left").setToolTip(f"Row i: unit i of layer {l + 1}")
        plot.getAxis("bottom").setToolTip(f"Column j: unit j of layer {l}; j = 0 is the bias "
                                          f"unit a₀{sl(l)} = 1 (dashed line)")

    # ---- values ----

    def values(self, l: int, q: str) -> np.ndarray | None:
        """The stepper's Θ⁽ˡ⁾, Δ⁽ˡ⁾ or D⁽ˡ⁾ (None: D before the first gradient)."""
        st = self.session.stepper
        arrays = {"theta": st.thetas, "Delta": st.Deltas, "D": st.D}[q]
        return None if arrays is None else arrays[l - 1]

    def catch_up(self) -> None:
        if self._dirty:
            self.rebuild()

    def refresh(self) -> None:
        """Recolour from the stepper (slot of sigStepped); waits while the panel is hidden."""
        if not self.on_screen() or self._built != (tuple(self.session.sizes),
                                                   tuple(self.shown())):
            self._dirty = True
            return
        self._dirty = False
        L = self.session.L
        for q in self.shown():
            arrays = [self.values(l, q) for l in range(1, L)]
            present = [a for a in arrays if a is not None]
            scale = value_scale(present) if present else 1.0
            for l, M in zip(range(1, L), arrays):
                mp = self.plots[(l, q)]
                # the stepper replaces its arrays, never changes them: same object, same values
                if mp.shown_key is None or mp.shown_key[0] is not M or mp.shown_key[1] != scale:
                    mp.shown_key = (M, scale)
                    self._show_matrix(mp, M, scale)
            if self._scales.get(q) != scale:
                self._scales[q] = scale
                self.bars[q].setLevels(values=(-scale, scale))
        changed = changed_cells(self.session.stepper)
        for l in range(1, L):
            mp = self.plots.get((l, "Delta"))
            if mp is not None:
                mp.set_changed(None if changed is None else changed[l - 1])

    def _show_matrix(self, mp: MatrixPlot, M: np.ndarray | None, scale: float) -> None:
        missing = M is None
        data = np.zeros(mp.shape) if missing else np.asarray(M, dtype=np.float64)
        mp.image.setImage(data, autoLevels=False)
        mp.image.setOpacity(0.25 if missing else 1.0)
        if missing != mp.missing:
            mp.missing = missing
            mp.plot.setTitle(f"{SYMBOL_OF[mp.q]}{sl(mp.l)}  {mp.shape[0]}×{mp.shape[1]}",
                             size=f"{self.st.font(ps.TITLE_PT).pointSizeF():g}pt",
                             color=self.st.ink.name())
            mp.note.setVisible(missing)
        if mp.texts is not None:
            if missing:
                mp.texts.set([""] * data.size, mp.texts.inks)
                return
            idx = self._palette.indices(data, scale).ravel()
            mp.texts.set([ps.short_number(v) for v in data.ravel()],
                         [self._palette.ink[k].color() for k in idx])

    # ---- selection ----

    def show_selection(self) -> None:
        sel = self.session.selection
        for (l, _q), mp in self.plots.items():
            if sel and sel[0] == "edge" and sel[1] == l:
                _, _, i, j = sel
                mp.select_mark.setRect(QRectF(j, i - 1, 1, 1))
                mp.select_mark.show()
            else:
                mp.select_mark.hide()

    def _cell(self, scene_pos):
        for mp in self.plots.values():
            cell = mp.cell_at(scene_pos)
            if cell is not None:
                return mp, cell
        return None, None

    def _click(self, event) -> None:
        if event.button() != Qt.LeftButton:
            return
        mp, cell = self._cell(event.scenePos())
        if mp is not None:
            r, c = cell
            self.session.select(("edge", mp.l, r + 1, c))
            event.accept()

    def _hover(self, scene_pos) -> None:
        mp, cell = self._cell(scene_pos)
        if mp is None:
            return
        text = self.describe(mp.l, mp.q, cell[0] + 1, cell[1])
        self.readout.setText(text)
        self.view.setToolTip(text)

    def describe(self, l: int, q: str, i: int, j: int) -> str:
        """"Δ⁽¹⁾₂,₀ (i = 2, j = 0: the bias) = 0.01234 · this example adds aⱼδᵢ = …"."""
        M = self.values(l, q)
        name = f"{SYMBOL_OF[q]}{sl(l)}{sub(i)},{sub(j)}"
        where = f"i = {i}, j = {j}" + (": the bias" if j == 0 else "")
        if M is None:
            return f"{name} ({where}): not computed yet — D comes at the end of the batch"
        text = f"{name} ({where}) = {M[i - 1, j]:.6g}"
        if q == "Delta":
            inc = current_increments(self.session.stepper)
            if inc is not None:
                text += f" · this example's aⱼδᵢ = {inc[l - 1][i - 1, j]:.6g}"
        return text
