"""The canvas legend: what nodes and edges are coloured by, on which symmetric scale.

A pyqtgraph strip with two horizontal ColorBarItems (the canvas's colour map), each under a
one-line title. Its height is fixed by its fonts: a long title is elided (the whole of it
in the tooltip), never wrapped onto a new line, so the canvas above never moves. The
canvas calls `set_nodes` / `set_edges` on every step; both only touch what changed.
"""

from __future__ import annotations

import html
import math

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QGraphicsItem

HORIZONTAL_GAP = 40
BAR_WIDTH = 16
MARGINS = (14, 4, 14, 4)


class CanvasLegend(pg.GraphicsLayoutWidget):
    def __init__(self, style, parent=None):
        super().__init__(parent)
        layout = self.ci
        layout.setContentsMargins(*MARGINS)
        layout.setSpacing(2)
        layout.layout.setHorizontalSpacing(HORIZONTAL_GAP)
        self.node_title = layout.addLabel("", row=0, col=0, justify="left")
        self.edge_title = layout.addLabel("", row=0, col=1, justify="left")
        self.node_bar = self._bar()
        self.edge_bar = self._bar()
        layout.addItem(self.node_bar, row=1, col=0)
        layout.addItem(self.edge_bar, row=1, col=1)
        self._state: dict[str, tuple] = {}
        self._full: dict[str, tuple[str, ...]] = {"nodes": ("",), "edges": ("",)}
        self.set_style(style)

    # ---- look ----

    def set_style(self, style) -> None:
        """Colours and type sizes of a CanvasStyle's look; the height follows the fonts."""
        look = style.look
        self.look = look
        self.ink = look.theme.ink
        self.setBackground(style.background)
        self.title_font = look.widget_font(QFont(), "legend_pt")
        tick_font = QFont(self.title_font)
        tick_font.setPointSizeF(look.pt("tick_pt"))
        tick_h = QFontMetricsF(tick_font).height()
        for bar in (self.node_bar, self.edge_bar):
            bar.setColorMap(style.colormap())
            for name in ("left", "right", "top", "bottom"):
                axis = bar.getAxis(name)
                axis.setPen(pg.mkPen(self.ink))
                axis.setTextPen(pg.mkPen(self.ink))
            bottom = bar.getAxis("bottom")
            bottom.setStyle(tickFont=tick_font, tickTextOffset=3)
            bottom.setHeight(int(math.ceil(tick_h + 8)))
        title_h = QFontMetricsF(self.title_font).height() + 6
        top, bottom_m = MARGINS[1], MARGINS[3]
        self.setFixedHeight(int(math.ceil(top + title_h + 2 + BAR_WIDTH + tick_h + 8 + bottom_m
                                          + 6)))
        self.setToolTip("Colour scale of the canvas: symmetric around 0. Fixed: from the "
                        "largest |value| of the quantity in this batch so far, so a colour "
                        "means the same value from step to step. Blue is negative, olive "
                        "positive; dashed edges are negative, edge width grows with |value|.")
        self._state = {}
        for which, label in (("nodes", self.node_title), ("edges", self.edge_title)):
            self._show_title(label, self._full[which])

    @staticmethod
    def _bar() -> pg.ColorBarItem:
        bar = pg.ColorBarItem(values=(-1.0, 1.0), colorMap="CET-CBD1", interactive=False,
                              orientation="horizontal", width=BAR_WIDTH, colorMapMenu=False)
        for name in ("left", "right", "top", "bottom"):
            # painted once into a pixmap, blitted on the frames where its ticks stay put
            bar.getAxis(name).setCacheMode(QGraphicsItem.DeviceCoordinateCache)
        return bar

    def resizeEvent(self, event) -> None:
        # Elide first: pyqtgraph then fits the layout to the new width, which it cannot do
        # below the titles' old, wider minimum. (It resizes during its own __init__, and in
        # close() after clearing the scene: nothing to elide then.)
        if hasattr(self, "_full") and not getattr(self, "closed", False):
            for which, label in (("nodes", self.node_title), ("edges", self.edge_title)):
                self._show_title(label, self._full[which], event.size().width())
            self._fix_columns(event.size().width())
        super().resizeEvent(event)

    def _fix_columns(self, width: float) -> None:
        """Both columns as wide as a title may be: a new title then moves nothing. (The
        columns followed the titles' widths: a bar jumped from 169 to 181 px as "δ" became
        "a", and re-rendering both bars made that legend change cost 12 ms, not 0.6.)"""
        column = self.column_width(width) + 8
        for col in (0, 1):
            self.ci.layout.setColumnFixedWidth(col, column)

    def column_width(self, width: float | None = None) -> float:
        """The width a title may take: half the strip (of `width`, default the widget's)."""
        left, _t, right, _b = MARGINS
        width = self.width() if width is None else width
        return max(40.0, (width - left - right - HORIZONTAL_GAP) / 2 - 10)

    def _show_title(self, label, texts: tuple[str, ...], width: float | None = None) -> None:
        """The first of `texts` (longest first) that fits the column on one line, else the
        last elided."""
        metrics, room = QFontMetricsF(self.title_font), self.column_width(width)
        shown = next((t for t in texts if metrics.horizontalAdvance(t) <= room), None)
        if shown is None:
            shown = metrics.elidedText(texts[-1], Qt.ElideRight, room)
        size = f"{self.title_font.pointSizeF():g}pt"
        label.setText(html.escape(shown), size=size, color=self.ink,
                      bold=self.look.theme.bold)
        label.setToolTip(texts[0])
        label.setMaximumWidth(self.column_width(width) + 8)

    # ---- values ----

    def set_nodes(self, title: str | tuple[str, ...], scale: float) -> None:
        """The units' title (or ways of saying it, longest first) and scale ±scale."""
        self._set("nodes", self.node_title, self.node_bar, title, scale)

    def set_edges(self, title: str | tuple[str, ...], scale: float) -> None:
        self._set("edges", self.edge_title, self.edge_bar, title, scale)

    def _set(self, which, label, bar, title, scale: float) -> None:
        title = (title,) if isinstance(title, str) else tuple(title)
        old_title, old_scale = self._state.get(which, (None, None))
        if title != old_title:
            self._full[which] = title
            self._show_title(label, title)
        if scale != old_scale:
            bar.setLevels(values=(-scale, scale))
        self._state[which] = (title, scale)

    @property
    def titles(self) -> tuple[str, str]:
        """The whole titles (what is shown may be elided)."""
        return self._full["nodes"][0], self._full["edges"][0]

    @property
    def shown_titles(self) -> tuple[str, str]:
        """The titles as shown (elided to fit)."""
        return self.node_title.text, self.edge_title.text

    @property
    def levels(self) -> tuple[tuple[float, float], tuple[float, float]]:
        return tuple(self.node_bar.levels()), tuple(self.edge_bar.levels())
