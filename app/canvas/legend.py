"""The canvas legend: what nodes and edges are coloured by, on which symmetric scale.

A small pyqtgraph strip with two horizontal ColorBarItems (the canvas's CET-CBD1 map). The
canvas calls `set_nodes` / `set_edges` on every step; both only touch what changed.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGraphicsItem

from . import style as st

TITLE_SIZE = "13pt"
HORIZONTAL_GAP = 48
BARS_HEIGHT = 64     # below the titles: the bar (16), its tick numbers (26), spacing


class CanvasLegend(pg.GraphicsLayoutWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground(st.BACKGROUND)
        self.setFixedHeight(112)   # two lines of title, the bar and its ticks (see _fit)
        self.setToolTip("Colour scale of the canvas: symmetric around 0, from the largest "
                        "|value| shown. Blue is negative, olive positive; dashed edges are "
                        "negative, edge width grows with |value|.")
        layout = self.ci
        layout.setContentsMargins(14, 4, 14, 2)
        layout.setSpacing(2)
        layout.layout.setHorizontalSpacing(HORIZONTAL_GAP)
        self.node_title = layout.addLabel("", row=0, col=0, size=TITLE_SIZE, color="#1a1a1a")
        self.edge_title = layout.addLabel("", row=0, col=1, size=TITLE_SIZE, color="#1a1a1a")
        self.node_bar = self._bar()
        self.edge_bar = self._bar()
        layout.addItem(self.node_bar, row=1, col=0)
        layout.addItem(self.edge_bar, row=1, col=1)
        self._state: dict[str, tuple] = {}
        self._title_width = 0.0

    def resizeEvent(self, event) -> None:
        # Wrap first: pyqtgraph then fits the layout to the new width, which it cannot do
        # below the titles' old, wider minimum. (It resizes during its own __init__, and in
        # close() after clearing the scene: nothing to wrap then.)
        if hasattr(self, "_title_width") and not getattr(self, "closed", False):
            self._wrap_titles()
        super().resizeEvent(event)

    def _wrap_titles(self) -> None:
        """Each title wraps within half the strip: a long title ("… not computed yet for this
        example") must not widen its column and push the other bar out of the window."""
        left, _top, right, _bottom = self.ci.layout.getContentsMargins()
        width = (self.width() - left - right - HORIZONTAL_GAP) / 2 - 4
        if width <= 0 or width == self._title_width:
            return
        self._title_width = width
        for label in (self.node_title, self.edge_title):
            label.item.setTextWidth(width)
            label.setText(label.text)   # re-measures the wrapped text
        self._fit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not getattr(self, "closed", False):
            self._title_width = 0.0   # the first real width: wrap for it
            self._wrap_titles()

    def _fit(self) -> None:
        """As tall as the longer title needs over the bars (a narrow canvas wraps a title
        onto three lines or more): the bars and their numbers must stay in view."""
        titles = max(t.item.boundingRect().height() for t in (self.node_title, self.edge_title))
        height = max(112, int(titles) + BARS_HEIGHT)
        if height != self.height():
            self.setFixedHeight(height)

    @staticmethod
    def _bar() -> pg.ColorBarItem:
        bar = pg.ColorBarItem(values=(-1.0, 1.0), colorMap=st.colormap(), interactive=False,
                              orientation="horizontal", width=16, pen="k", colorMapMenu=False)
        tick_font = QFont(st.FAMILY)
        tick_font.setStyleHint(QFont.SansSerif)
        tick_font.setPointSize(11)
        for name in ("left", "right", "top", "bottom"):
            axis = bar.getAxis(name)
            axis.setPen(pg.mkPen("#1a1a1a"))
            axis.setTextPen(pg.mkPen("#1a1a1a"))
            # painted once into a pixmap, blitted on the frames where its ticks stay put
            axis.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
        bar.getAxis("bottom").setStyle(tickFont=tick_font, tickTextOffset=3)
        bar.getAxis("bottom").setHeight(26)
        return bar

    def set_nodes(self, title: str, scale: float) -> None:
        self._set("nodes", self.node_title, self.node_bar, title, scale)

    def set_edges(self, title: str, scale: float) -> None:
        self._set("edges", self.edge_title, self.edge_bar, title, scale)

    def _set(self, which, label, bar, title: str, scale: float) -> None:
        old_title, old_scale = self._state.get(which, (None, None))
        if title != old_title:
            label.setText(title, size=TITLE_SIZE, color="#1a1a1a")
            self._fit()
        if scale != old_scale:
            bar.setLevels(values=(-scale, scale))
        self._state[which] = (title, scale)

    @property
    def titles(self) -> tuple[str, str]:
        return self.node_title.text, self.edge_title.text

    @property
    def levels(self) -> tuple[tuple[float, float], tuple[float, float]]:
        return tuple(self.node_bar.levels()), tuple(self.edge_bar.levels())
