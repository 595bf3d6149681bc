"""The cost J(Θ) per update and the accuracy per update, plus where the current batch stands.

Reads `session.stepper` (history_J, history_acc, cost_i, seen) and its running cost
(bpengine.running_cost.J_so_far: this batch's J so far with the same λ term as J(Θ) per
batch, so the two are one quantity and meet at the batch's end) on every sigStepped and
only calls setData on plot items created once: stepping back shrinks the curves because
they always mirror the stepper's history.

A long history is drawn from its min/max envelope at about two points a pixel
(app/history_curves.py), so a refresh costs the same at 10 000 updates as at 5 000 000.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QGraphicsItem, QWidget

from app.history_curves import HistoryCurves
from app.plot_axes import UpdateAxis
from app.scales import nice_ceiling
from app.theme import Look
from bpengine.running_cost import J_so_far

# Colours from the theme (Okabe–Ito, colour-blind safe); every series also differs by
# symbol or line: J per update a line with filled circles, cost(i) of this example a
# triangle, J so far in this batch a hollow diamond, accuracy a line with squares.

TITLES_FROM_HEIGHT = 380  # px: a shorter widget shows no plot titles
SYMBOLS_UP_TO = 30        # draw a symbol on every point while there are this few
class CostPlots(pg.GraphicsLayoutWidget):
    """Top: "Cost J(Θ)" per update, with this batch's running J and the current example's
    cost(i). Bottom: "Accuracy" per update (0 … 1). Large type for the projector."""

    def sizeHint(self) -> QSize:
        # pyqtgraph asks for 600 px; a narrow column suits a dock beside the canvas
        return QSize(360, 320)

    def resizeEvent(self, event) -> None:
        live = hasattr(self, "legend") and not getattr(self, "closed", False)  # see legend.py
        if live:       # before the layout takes the new size: it cannot shrink below the
            self._fit_legend(event.size().width())      # legend it holds
        super().resizeEvent(event)
        if live:
            # a short dock (1280 × 720) drops the titles: the plots need the height more
            # ("J" and "accuracy" still label the axes; the banner shows the last J)
            show = event.size().height() >= TITLES_FROM_HEIGHT
            if show != self._titles_shown or event.size().width() != event.oldSize().width():
                self._titles_shown = show
                self._show_titles()

    def _fit_legend(self, width: int) -> None:
        """Three legend entries in a row where they fit, else two, else one under the
        other: a legend wider than the widget widens the whole layout past its edge (the
        plots were cut off on the right in the presentation mode at 1024 × 768)."""
        room = width - 24                            # the layout's margins and spacing
        for columns in (3, 2, 1):
            if self.legend.columnCount != columns:
                self.legend.setColumnCount(columns)
            if self.legend.effectiveSizeHint(Qt.MinimumSize).width() <= room:
                return

    def __init__(self, session, parent: QWidget | None = None, point_size: float = 14,
                 look: Look | None = None):
        super().__init__(parent=parent)
        self.look = look or Look()
        self._base_pt = point_size
        self._pt = self._scaled_pt()
        self._ink = self.look.theme.plot_ink
        self.setBackground(self.look.theme.plot_background)
        self.session = session
        self._shown: tuple | None = None
        self._marker: tuple | None = None
        self._symbols: bool | None = None
        self._J_max = 0.0                       # the largest J in the history shown
        self._range: tuple[float, float] | None = None
        self._titles = ("Cost J(Θ)", "Accuracy")
        self._titles_shown = True
        self._title_shown: dict[int, tuple] = {}   # id(plot) → (text, ink, pt) last set

        self._layout(point_size)
        self._items()
        self._axes()
        self.curves = HistoryCurves((self.J_curve, self.acc_curve))

        # a zoom, a pan or a resize asks for the envelope of another x range or pixel width
        self.cost.getViewBox().sigXRangeChanged.connect(self._feed)
        self.cost.getViewBox().sigResized.connect(self._feed)
        self._later = QTimer(self, singleShot=True, interval=1)
        self._later.timeout.connect(self._refresh_now)
        session.sigStepped.connect(self.refresh)
        session.sigNetworkChanged.connect(self.rebuilt)
        session.sigConfig.connect(self.rebuilt)
        self.refresh()

    # ---- look ----------------------------------------------------------------------------

    def _layout(self, point_size: float) -> None:
        """Rows: the cost plot, the legend, the accuracy plot (x axes linked)."""
        self.cost = self.addPlot(row=0, col=0)
        # the legend has a row of its own: drawn over the cost plot it hid the curve
        self.legend = pg.LegendItem(colCount=3, labelTextColor=self._ink, verSpacing=-4,
                                    labelTextSize=f"{point_size - 2:g}pt")
        self.addItem(self.legend, row=1, col=0)
        self.acc = self.addPlot(row=2, col=0, axisItems={"bottom": UpdateAxis("bottom")})
        self.acc.setXLink(self.cost)
        self.ci.layout.setRowStretchFactor(0, 3)
        self.ci.layout.setRowStretchFactor(2, 2)

    def _items(self) -> None:
        """The curves and markers, made once; refresh only calls setData on them."""
        self.J_curve = self.cost.plot([], [], name="J(Θ) per batch", symbol="o")
        self.J_so_far_marker = self.cost.plot([], [], name="J so far, this batch",
                                              pen=None, symbol="d")
        self.cost_i_marker = self.cost.plot([], [], name="cost(i), no λ", pen=None,
                                            symbol="t")
        # the hollow diamond is drawn over the triangle: when the two values coincide (the
        # batch's first example) the triangle shows inside the diamond
        self.J_so_far_marker.setZValue(self.cost_i_marker.zValue() + 1)
        self.acc_curve = self.acc.plot([], [], name="accuracy of each batch", symbol="s")
        self._paint_items()
        for curve in (self.J_curve, self.J_so_far_marker, self.cost_i_marker):
            self.legend.addItem(curve, curve.name())
        for curve in (self.J_curve, self.acc_curve):
            curve.setClipToView(True)
            curve.setDownsampling(auto=True, method="peak")
            # a min and a max a pixel (peak), not pyqtgraph's default ~5 samples a pixel: the
            # same line at the plot's resolution, and a fifth of the thick segments to
            # draw (1.4 ms a curve a frame in Train mode on the digits)
            curve.opts["autoDownsampleFactor"] = 1.0

    def _axes(self) -> None:
        """Axis styles, ranges and ticks."""
        self._style(self.cost, "Cost J(Θ)", "J")
        self._style(self.acc, "Accuracy", "accuracy")
        # one x axis for both (they are linked): the cost plot's numbers and "update" label
        # would repeat the accuracy plot's and take the height a short dock needs
        self.cost.getAxis("bottom").setStyle(showValues=False)
        self.cost.setLabel("bottom", None)
        self.cost.getAxis("bottom").showLabel(False)
        self.cost.getAxis("bottom").setHeight(6)   # ticks and grid only
        self.acc.setYRange(-0.05, 1.05, padding=0)
        self.acc.enableAutoRange(x=False, y=False)   # x follows the cost plot (linked)
        self.cost.enableAutoRange(x=False, y=False)  # set by _fit, from the ladder
        self.acc.setLimits(yMin=-0.05, yMax=1.05)
        # three ticks read at any height; pyqtgraph's five crowd a short plot
        self.acc.getAxis("left").setTicks([[(0.0, "0"), (0.5, "0.5"), (1.0, "1")],
                                           [(0.25, ""), (0.75, "")]])

    def _paint_items(self) -> None:
        """Pens and brushes of the curves and markers in the theme's colours; lines are
        thicker in a heavier look (high contrast, the presentation mode)."""
        t, w = self.look.theme, self.look.stroke
        self.J_curve.setPen(pg.mkPen(t.cost, width=3 * w))
        self.J_curve.setSymbolBrush(t.cost)
        self.J_curve.setSymbolPen(pg.mkPen(t.cost))
        self.J_curve.setSymbolSize(9 * w ** 0.5)
        self.J_so_far_marker.setSymbolBrush(None)
        self.J_so_far_marker.setSymbolPen(pg.mkPen(t.J_so_far, width=3 * w))
        self.J_so_far_marker.setSymbolSize(26)
        self.cost_i_marker.setSymbolBrush(t.cost_i)
        self.cost_i_marker.setSymbolPen(pg.mkPen(self._ink, width=1.5 * w))
        self.cost_i_marker.setSymbolSize(13)
        self.acc_curve.setPen(pg.mkPen(t.accuracy, width=3 * w))
        self.acc_curve.setSymbolBrush(t.accuracy)
        self.acc_curve.setSymbolPen(pg.mkPen(t.accuracy))
        self.acc_curve.setSymbolSize(7 * w ** 0.5)
        for curve in (self.J_curve, self.J_so_far_marker, self.cost_i_marker):
            # an item without data has not passed its symbol style to its scatter yet, and
            # the legend draws its sample from the scatter: a 7-px grey dot until then
            o = curve.opts
            if o["symbol"] is None:     # a line only (a long history): its scatter is
                continue                # hidden, and pyqtgraph fails on a None symbol
            curve.scatter.setSymbol(o["symbol"])
            curve.scatter.setSize(o["symbolSize"])
            curve.scatter.setPen(pg.mkPen(o["symbolPen"]))
            curve.scatter.setBrush(pg.mkBrush(o["symbolBrush"]))

    def _scaled_pt(self) -> float:
        return round(self._base_pt * self.look.scale * 2) / 2

    def set_look(self, look: Look) -> None:
        """Recolour background, axes, titles, legend and curves; resize the type."""
        self.look = look
        self._pt = self._scaled_pt()
        self._ink = look.theme.plot_ink
        self.setBackground(look.theme.plot_background)
        self._axes()
        self._paint_items()
        self.legend.setLabelTextColor(self._ink)
        self.legend.setLabelTextSize(f"{self._pt - 2:g}pt")
        for _sample, label in self.legend.items:   # setAttr alone does not re-render
            label.setText(label.text)
        self._range = None
        self._show_titles()
        self.refresh()

    @property
    def colours(self) -> dict[str, str]:
        """What is painted now (for tests): background, axis ink, J and accuracy lines."""
        return {"background": self.backgroundBrush().color().name(),
                "axis": self.cost.getAxis("left").pen().color().name(),
                "J": self.J_curve.opts["pen"].color().name(),
                "accuracy": self.acc_curve.opts["pen"].color().name()}

    def _style(self, plot: pg.PlotItem, title: str, ylabel: str) -> None:
        pt, INK = self._pt, self._ink
        plot.setTitle(title, color=INK, size=f"{pt + 2:g}pt")
        self._title_shown.pop(id(plot), None)
        plot.showGrid(x=True, y=True, alpha=0.15)
        # The horizontal grid comes from a hidden right axis: a left axis that draws the grid
        # clips its tick labels to the plot, which hides the end ticks ("1" of accuracy).
        plot.showAxis("right")
        right = plot.getAxis("right")
        right.setStyle(showValues=False, tickLength=0)
        right.setPen(pg.mkPen(INK, width=1.5))   # grid lines take the axis pen colour
        right.setGrid(int(0.15 * 255))
        right.setWidth(1)
        plot.getAxis("left").setGrid(False)
        plot.setLimits(xMin=0)          # no negative update numbers
        tick_font = QFont()
        tick_font.setPointSizeF(pt - 1)
        for side in ("left", "bottom"):
            axis = plot.getAxis(side)
            axis.setPen(pg.mkPen(INK, width=1.5))
            axis.setTextPen(pg.mkPen(INK))
            axis.setTickFont(tick_font)
            axis.enableAutoSIPrefix(False)   # "690 (×0.001)" misleads; show 0.69
            # Keep the painted axis as a pixmap: an axis whose ticks did not change is then
            # a blit, not a replay of every tick and label (most of a frame's paint in play).
            axis.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
        # the same axis width in both plots, so their linked update axes line up
        plot.getAxis("left").setWidth(int(pt * 6))
        # keep the end ticks ("1" of accuracy, the top of J) even where half the text
        # reaches past the plot: they are the numbers the room reads
        plot.getAxis("left").setStyle(hideOverlappingLabels=False)
        label = {"color": INK, "font-size": f"{pt:g}pt"}
        plot.setLabel("bottom", "update", **label)
        plot.setLabel("left", ylabel, **label)
        plot.getViewBox().setDefaultPadding(0.03)

    # ---- data ----------------------------------------------------------------------------

    def rebuilt(self) -> None:
        """The stepper was replaced (new network, dataset or settings): show its history."""
        self._shown = self._marker = self._range = None
        self.curves.forget()
        self.refresh()

    def refresh(self) -> None:
        """The history and the markers as they are now. In a long move in slices, in a pass
        of the event loop of its own just after the other views' (a 1 ms timer): their
        update and the canvas's paint and the plots' in one pass kept the GUI thread
        50-80 ms now and then on the digits in batches of 50 (issue 10)."""
        if self.session.moving_in_slices:
            self._later.start()
            return
        self._later.stop()
        self._refresh_now()

    def _refresh_now(self) -> None:
        st = self.session.stepper
        token = self.session.history_token()
        n = token[-1]
        if self._shown != token:
            self._set_history(token)
        self._set_markers(st, n)
        self._fit(st, n)
        self._feed()

    def _fit(self, st, n: int) -> None:
        """x from 0 to past the last update, y from 0 to above every cost shown; both ends
        from the ladder, and y shrinks only when the data fell well below it."""
        top = max(self._J_max, J_so_far(st) or 0.0, st.cost_i or 0.0)
        y_hi = nice_ceiling(top * 1.05)
        x_hi = nice_ceiling(max(n + 1.0, 4.0))
        if self._range is not None:
            x_old, y_old = self._range
            if y_hi < y_old and top > y_old / 4:   # hysteresis: no flicker between ends
                y_hi = y_old
            if (x_hi, y_hi) == self._range:
                return
        self._range = (x_hi, y_hi)
        self.cost.setRange(xRange=(0.0, x_hi), yRange=(0.0, y_hi), padding=0.02)
        # three labelled ticks, 0, half and the top, like the accuracy axis: they read in a
        # plot a few lines high, where pyqtgraph's own choice piles four labels on each other
        major = [(v, f"{v:g}") for v in (0.0, y_hi / 2, y_hi)]
        minor = [(v, "") for v in (y_hi / 4, 3 * y_hi / 4)]
        self.cost.getAxis("left").setTicks([major, minor])
        # pyqtgraph applies a new range when the plot is about to paint, and what that
        # changes asks for another paint: the dock painted twice in every tick of a long
        # move. Applied now, the one paint shows it.
        for plot in (self.cost, self.acc):
            plot.getViewBox().updateMatrix()

    def _set_history(self, token) -> None:
        J, acc = self.session.history()
        n = len(J)
        same = self._shown is not None and self._shown[:-1] == token[:-1]
        self.curves.follow(token, (J, acc), same)
        self._J_max = self.curves.largest(0)
        symbols = n <= SYMBOLS_UP_TO
        if symbols != self._symbols:
            self._symbols = symbols
            self.J_curve.setSymbol("o" if symbols else None)
            self.acc_curve.setSymbol("s" if symbols else None)
        self._titles = (f"Cost J(Θ) · last {J[-1]:.4g}" if n else "Cost J(Θ)",
                        f"Accuracy · last {acc[-1]:.0%}" if n else "Accuracy")
        self._show_titles()
        self._shown = token

    def _feed(self, *_args) -> None:
        """The curves show the history over the visible x range (a zoom, a resize)."""
        if hasattr(self, "curves"):
            self.curves.feed(self.cost.viewRange()[0], self.cost.getViewBox().width())

    def _show_titles(self) -> None:
        """The titles with the last values, the bare titles where those do not fit the
        width, none in a short dock."""
        font = QFont()
        font.setPointSizeF(self._pt + 2)
        # the title spans the plot's columns beside its left axis: what is left of them
        axis = max(p.getAxis("left").width() for p in (self.cost, self.acc))
        room = self.width() - 24 - axis
        for plot, text, bare in zip((self.cost, self.acc), self._titles,
                                    ("Cost J(Θ)", "Accuracy")):
            if not self._titles_shown:
                text = None
            elif QFontMetricsF(font).horizontalAdvance(text) > room:
                text = bare
            shown = (text, self._ink, self._pt)
            if self._title_shown.get(id(plot)) != shown:
                # only a change: setTitle resets the title row's height, and so lays the
                # plot out again (and repaints it twice) on every update, even with no title
                self._title_shown[id(plot)] = shown
                plot.setTitle(text, color=self._ink, size=f"{self._pt + 2:g}pt")

    def _set_markers(self, st, n: int) -> None:
        """This batch so far, at x = updates + seen / batch length."""
        seen, running, cost_i = st.seen, J_so_far(st), st.cost_i
        marker = (id(st), n, seen, running, cost_i)
        if marker == self._marker:
            return
        self._marker = marker
        if not seen or running is None:
            self.J_so_far_marker.setData([], [])
            self.cost_i_marker.setData([], [])
            return
        x = n + seen / st.schedule.batch_len(st.peek().batch)
        self.J_so_far_marker.setData([x], [running])
        if cost_i is None:
            self.cost_i_marker.setData([], [])
        else:
            self.cost_i_marker.setData([x], [cost_i])
