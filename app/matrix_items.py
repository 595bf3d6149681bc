"""The pieces of a Matrices heatmap: a light plot (title, ViewBox, two axes), the matrix's
ImageItem with its marks (bias column, selected cell, the Δ cells an accumulate step
changed), the numbers in the cells, and tick labels in the seed's indices (rows i = 1 …,
columns j = 0 … with j = 0 the bias). app/matrices.py puts them together."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsPathItem, QGraphicsRectItem

from app import panel_style as ps

VALUES_UP_TO = 12        # rows and columns: matrices this small carry their numbers
TICKS_UP_TO = {"left": 6, "bottom": 14}   # label every row / column up to this many
TICK_STEPS = (2, 5, 10, 16, 20, 25, 50, 100, 200, 500)
WASH_ALPHA = 190         # how far the Δ cells an accumulate step leaves alone are washed out
WASH_ALPHA_HC = 120      # … in high contrast: less, their numbers must stay readable


class LightPlot(pg.GraphicsLayout):
    """A title, a ViewBox and its left and bottom axes: what a heatmap needs of a PlotItem,
    without the menus and controls that make a PlotItem take ~18 ms to build (a window whose
    network changes rebuilds a dozen of them)."""

    def __init__(self, st: ps.PanelStyle):
        super().__init__()
        self.layout.setContentsMargins(0, 0, 0, 0)
        self.layout.setSpacing(0)
        self.title = pg.LabelItem("", size=f"{st.font(ps.TITLE_PT).pointSizeF():g}pt",
                                  color=st.ink.name())
        self.vb = pg.ViewBox(enableMenu=False)
        self.axes = {"left": pg.AxisItem("left"), "bottom": pg.AxisItem("bottom")}
        for axis in self.axes.values():
            axis.linkToView(self.vb)
        self.addItem(self.title, row=0, col=1)
        self.addItem(self.axes["left"], row=1, col=0)
        self.addItem(self.vb, row=1, col=1)
        self.addItem(self.axes["bottom"], row=2, col=1)

    def addItem(self, item, row=None, col=None, **kwargs):   # noqa: N802 (pyqtgraph's name)
        if row is None:          # an item of the plot's content
            self.vb.addItem(item)
        else:
            super().addItem(item, row=row, col=col, **kwargs)

    def getViewBox(self):        # noqa: N802
        return self.vb

    def getAxis(self, side: str):   # noqa: N802
        return self.axes[side]

    def setTitle(self, text: str, **args) -> None:   # noqa: N802
        self.title.setText(text, **args)


class MatrixPlot:
    """The plot of one matrix: its ImageItem, cell texts, the selection outline and (for Δ)
    the outline of the cells the last accumulate step changed."""

    def __init__(self, plot: LightPlot, l: int, q: str, shape: tuple[int, int],
                 st: ps.PanelStyle):
        self.plot, self.l, self.q, self.shape, self.st = plot, l, q, shape, st
        self.shown_key: tuple | None = None        # (array, scale) shown
        rows, cols = shape
        self.image = pg.ImageItem(np.zeros(shape), axisOrder="row-major")
        self.image.setRect(QRectF(0, 0, cols, rows))   # after the data: it scales by its size
        plot.addItem(self.image)
        self.note = pg.TextItem("not yet", color=st.ink, anchor=(0.5, 0.5),
                               fill=pg.mkBrush(st.background))
        self.note.setFont(st.font(ps.CELL_PT + 1))
        self.note.setPos(cols / 2, rows / 2)
        self.note.setZValue(25)
        self.note.hide()
        plot.addItem(self.note)
        self.texts = CellTexts(rows, cols, st) if rows <= VALUES_UP_TO and cols <= VALUES_UP_TO \
            else None
        if self.texts is not None:
            plot.addItem(self.texts)
        self.bias_line = QGraphicsLineItem(1.0, 0.0, 1.0, float(rows))
        self.bias_line.setPen(_cosmetic(st.ink, 2.0 * st.stroke, Qt.DashLine))
        plot.addItem(self.bias_line)
        self.select_mark = QGraphicsRectItem(0, 0, 1, 1)
        self.select_mark.setPen(_cosmetic(st.select, 3.5 * st.stroke))
        self.select_mark.setZValue(20)
        self.select_mark.hide()
        plot.addItem(self.select_mark)
        # the cells an accumulate step leaves alone are washed out (one RGBA image over the
        # heatmap); the changed ones are also outlined where the cells are big enough
        self.unchanged_wash = pg.ImageItem(np.zeros(shape + (4,), dtype=np.uint8),
                                           axisOrder="row-major")
        self.unchanged_wash.setRect(QRectF(0, 0, cols, rows))
        self.unchanged_wash.setZValue(10)
        self.unchanged_wash.hide()
        plot.addItem(self.unchanged_wash)
        self.changed_mark = QGraphicsPathItem()
        self.changed_mark.setPen(_cosmetic(st.accent, 2.5 * st.stroke))
        self.changed_mark.setZValue(15)
        plot.addItem(self.changed_mark)
        self.changed: np.ndarray | None = None     # the cells outlined as changed
        self.missing: bool | None = None           # D before the first gradient

    def cell_at(self, scene_pos) -> tuple[int, int] | None:
        """(row r, column c), 0-based, of the cell under a scene position, or None."""
        vb = self.plot.getViewBox()
        if not vb.sceneBoundingRect().contains(scene_pos):
            return None
        p = vb.mapSceneToView(scene_pos)
        r, c = math.floor(p.y()), math.floor(p.x())
        rows, cols = self.shape
        return (r, c) if 0 <= r < rows and 0 <= c < cols else None

    def set_changed(self, mask: np.ndarray | None) -> None:
        if mask is None and self.changed is None:
            return
        self.changed = None if mask is None else mask.copy()
        path = QPainterPath()
        if mask is not None and mask.shape[0] <= VALUES_UP_TO and mask.shape[1] <= VALUES_UP_TO:
            for r, c in np.argwhere(mask):
                path.addRect(QRectF(c + 0.08, r + 0.08, 0.84, 0.84))
        self.changed_mark.setPath(path)
        if mask is None:
            self.unchanged_wash.hide()
            return
        wash = np.zeros(mask.shape + (4,), dtype=np.uint8)
        bg = self.st.background       # towards the page: white on light, dark on dark
        wash[~mask] = (bg.red(), bg.green(), bg.blue(),
                       WASH_ALPHA_HC if self.st.look.theme.bold else WASH_ALPHA)
        self.unchanged_wash.setImage(wash, autoLevels=False, levels=(0, 255))
        self.unchanged_wash.show()

class CellTexts(pg.GraphicsObject):
    """The numbers in the cells of a small matrix, as one item: a cell's text is drawn at a
    fixed size in the middle of the cell, and only while the cells are wide enough for it;
    narrower, in high contrast, a negative cell gets a dash instead (sign_marks). One item
    instead of a TextItem per cell: building 150 of those per matrix took seconds in a
    window whose network changes often."""

    def __init__(self, rows: int, cols: int, st: ps.PanelStyle):
        super().__init__()
        self.rows, self.cols = rows, cols
        self.texts: list[str] = [""] * (rows * cols)
        self.inks: list = [st.ink] * (rows * cols)
        self.font = st.font(ps.CELL_PT)
        self.dash_signs = st.look.theme.dash_negative_units
        self.need = QFontMetricsF(self.font).horizontalAdvance("−0.00") + 4
        self.setZValue(5)

    def set(self, texts: list[str], inks: list) -> None:
        if texts != self.texts or inks != self.inks:
            self.texts, self.inks = texts, inks
            self.update()

    def shown(self) -> bool:
        """Whether the cells are wide enough on screen for their numbers."""
        vb = self.getViewBox()
        px = vb.viewPixelSize()[0] if vb is not None else 0.0
        return px > 0 and 1.0 / px >= self.need

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.cols, self.rows)

    def sign_marks(self) -> list[int]:
        """The cells (row-major indices) that get a dash for their sign: in a theme that
        shows every sign by a dash as well as by colour (high contrast: blue and olive are
        one grey), the negative cells while the cells are too small for their numbers."""
        if not self.dash_signs or self.shown():
            return []
        return [k for k, text in enumerate(self.texts) if text.startswith("−")]

    def paint(self, p, *args) -> None:
        marks = self.sign_marks()
        if not marks and not self.shown():
            return
        tr = p.transform()
        p.resetTransform()
        if marks:
            for k in marks:
                r, c = divmod(k, self.cols)
                cell = tr.mapRect(QRectF(c, r, 1, 1))
                half = min(cell.width() * 0.3, 8.0)
                if half >= 2.0:        # a cell of a few pixels has no room for a mark
                    p.setPen(QPen(self.inks[k], 2.0))
                    y = cell.center().y()
                    p.drawLine(QPointF(cell.center().x() - half, y),
                               QPointF(cell.center().x() + half, y))
        else:
            p.setFont(self.font)
            for k, text in enumerate(self.texts):
                if text:
                    r, c = divmod(k, self.cols)
                    p.setPen(self.inks[k])
                    p.drawText(tr.mapRect(QRectF(c, r, 1, 1)), Qt.AlignCenter, text)
        p.setTransform(tr)


def tick_labels(n: int, first: int, bias: bool) -> list[tuple[float, str]]:
    """Tick labels at cell centres for n rows (first = 1: i = 1 … n) or columns (first = 0,
    bias: j = 0 labelled "j=0"): every one up to TICKS_UP_TO, else about four of them."""
    if n <= TICKS_UP_TO["bottom" if bias else "left"]:
        values = list(range(first, n + first))
    else:
        step = next((s for s in TICK_STEPS if s >= n / 4), TICK_STEPS[-1])
        values = [first] + list(range(step, n + first, step))
    return [(v - first + 0.5, "j=0" if bias and v == 0 else str(v)) for v in values]


def _cosmetic(color, width: float, style=Qt.SolidLine) -> QPen:
    pen = QPen(color, width, style)
    pen.setCosmetic(True)
    return pen
