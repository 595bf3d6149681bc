"""The Decision boundary panel's other views: h_Θ(x) over one input (CurveView), and the
current example's output units by class name, with its picture for image data
(OutputsView). Shared pieces: the plot widget's look and the legend line."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app import panel_style as ps
from app.example_view import grey_image
from bpengine.boundary import curve_extent, fitted_curve
from bpengine.confusion import classes_of
from bpengine.notation import layer as sl
from bpengine.notation import sub

PICTURE_PX = 140
GLYPHS = {"o": "●", "s": "■", "t": "▼", "d": "◆", "star": "★", "p": "⬟", "h": "⬢",
          "t1": "▲", "+": "✚", "x": "✖"}


def plot_widget(st: ps.PanelStyle) -> pg.PlotWidget:
    plot = pg.PlotWidget()
    item = plot.getPlotItem()
    item.showGrid(x=True, y=True, alpha=0.15)
    item.setMenuEnabled(False)
    item.hideButtons()
    for side in ("left", "bottom"):
        item.getAxis(side).enableAutoSIPrefix(False)
    style_plot(plot, st)
    return plot


def style_plot(plot: pg.PlotWidget, st: ps.PanelStyle) -> None:
    """A plot's background, its axes' lines, numbers and labels in the style's colours."""
    plot.setBackground(st.background)
    item = plot.getPlotItem()
    for side in ("left", "bottom"):
        axis = item.getAxis(side)
        axis.setPen(pg.mkPen(st.ink, width=st.stroke))
        axis.setTextPen(pg.mkPen(st.ink))
        axis.setTickFont(st.font(ps.TEXT_PT - 2))


def legend_html(class_names, binary: bool, validation: bool, st: ps.PanelStyle) -> str:
    """The legend as a line of text under the plot (in the plot it hid the points): each
    class's marker and colour, the hollow validation markers, the ring, the contour."""
    colors = st.binary_marker_colors() if binary else None
    parts = []
    for k, name in enumerate(class_names):
        color = (colors[k] if binary else st.class_color(k)).name()
        parts.append(f"<span style='color:{color}'>{GLYPHS.get(ps.class_symbol(k), '●')}"
                     f"</span>&nbsp;{name}")
    if validation:
        parts.append("hollow: validation part")
    parts.append(f"<span style='color:{st.accent.name()}'>◯</span>&nbsp;current example")
    if binary:
        parts.append("━&nbsp;h&nbsp;=&nbsp;0.5")
    return " &nbsp; ".join(parts)


class CurveView(QWidget):
    """h_Θ(x) for a network of one input, each output unit a curve, with the examples."""

    def __init__(self, session, parent: QWidget | None = None, st: ps.PanelStyle | None = None):
        super().__init__(parent)
        self.session = session
        self.st = st or ps.style()
        self.plot = plot_widget(self.st)
        self.legend = QLabel(wordWrap=True, objectName="curveLegend")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.legend)
        self.curves: list[pg.PlotDataItem] = []
        self.points: list[pg.ScatterPlotItem] = []
        self.ring = pg.ScatterPlotItem(size=24, brush=None)
        self.plot.getPlotItem().addItem(self.ring)
        self._key = None
        self.set_style(self.st)

    def set_style(self, st: ps.PanelStyle) -> None:
        """The plot and the ring in `st`; the curves and points at the next rebuild."""
        self.st = st
        style_plot(self.plot, st)
        self.legend.setFont(st.font(ps.TEXT_PT - 1))
        self.ring.setPen(pg.mkPen(st.accent, width=3 * st.stroke))

    def rebuild(self) -> None:
        s, item = self.session, self.plot.getPlotItem()
        for x in self.curves + self.points:
            item.removeItem(x)
        d, ds, K = s.model.data, s.dataset, s.sizes[-1]
        self.xlim = curve_extent(d.X[:, 0])
        binary = K == 1
        st = self.st
        colors = st.binary_marker_colors() if binary else None
        self.curves = [item.plot([], [], pen=pg.mkPen(st.ink if binary else st.class_color(k),
                                                      width=3 * st.stroke)) for k in range(K)]
        self.points = []
        for k in range(ds.n_classes):
            pick = ds.labels[d.train] == k
            y = np.full(pick.sum(), float(k) if binary else -0.06 * (k + 1))
            sc = pg.ScatterPlotItem(d.X[pick, 0], y, symbol=ps.class_symbol(k), size=9,
                                    brush=pg.mkBrush(colors[k] if binary else st.class_color(k)),
                                    pen=pg.mkPen(st.ink, width=st.stroke))
            item.addItem(sc)
            self.points.append(sc)
        item.setLabel("bottom", ds.feature_names[0], **st.label_style())
        item.setLabel("left", "h_Θ(x)", **st.label_style())
        item.setRange(xRange=self.xlim, yRange=(-0.06 * (K + 1) - 0.05, 1.05), padding=0)
        self.legend.setText(legend_html(ds.class_names, binary, False, st))
        self._key = None

    def refresh(self, playing: bool) -> None:
        s = self.session
        st = s.stepper
        x = s.model.data.X[st.example, 0]
        K = s.sizes[-1]
        y = s.model.data.Y[st.example]
        self.ring.setData([x], [float(y[0]) if K == 1 else -0.06 * (int(np.argmax(y)) + 1)])
        key = tuple(id(t) for t in st.thetas)
        if key == self._key:
            return
        self._key, self._held = key, list(st.thetas)
        xs, h = fitted_curve(st.thetas, s.acts, self.xlim, 64 if playing else 400)
        for k, curve in enumerate(self.curves):
            curve.setData(xs, h[:, k])


class OutputsView(QWidget):
    """The current example's picture (image data) and its output units a⁽ᴸ⁾ₖ by class name,
    as bars (0 … 1), the target and the network's answer said in words."""

    def __init__(self, session, parent: QWidget | None = None, st: ps.PanelStyle | None = None):
        super().__init__(parent)
        self.session = session
        self.st = st or ps.style()
        self.picture = QLabel(alignment=Qt.AlignCenter, objectName="boundaryPicture")
        self.picture.setToolTip("The current example drawn as the image it is")
        self.words = QLabel(wordWrap=True, objectName="boundaryOutputs")
        self.plot = plot_widget(self.st)
        self.bars = pg.BarGraphItem(x0=[], y=[], height=0.7, width=[])
        self.target_bar = pg.BarGraphItem(x0=[0], y=[0], height=0.9, width=[1.0], brush=None)
        self.plot.getPlotItem().addItem(self.bars)
        self.plot.getPlotItem().addItem(self.target_bar)
        top = QHBoxLayout()
        top.addWidget(self.picture)
        top.addWidget(self.words, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)
        self._shown = None
        self.set_style(self.st)

    def set_style(self, st: ps.PanelStyle) -> None:
        """The plot, the bars and the words in `st` (the bars' fill at the next refresh)."""
        self.st = st
        style_plot(self.plot, st)
        self.words.setFont(st.font(ps.TEXT_PT))
        self.bars.setOpts(brush=pg.mkBrush(st.soft_ink), pen=pg.mkPen(st.ink))
        self.target_bar.setOpts(pen=pg.mkPen(st.passed, width=3 * st.stroke))
        self._shown = None

    def rebuild(self) -> None:
        s = self.session
        ds, K, L = s.dataset, s.sizes[-1], s.L
        names = [f"unit 1: “{ds.class_names[1]}” if ≥ 0.5"] if K == 1 else list(ds.class_names)
        item = self.plot.getPlotItem()
        item.getAxis("left").setTicks([[(k, n) for k, n in enumerate(names)], []])
        item.setLabel("bottom", f"output a{sl(L)}ₖ (0 … 1)", **self.st.label_style())
        item.setRange(xRange=(0, 1), yRange=(-0.6, K - 0.4), padding=0)
        item.getViewBox().invertY(True)
        self.picture.setVisible(ds.image_shape is not None)
        self._shown = None

    def refresh(self, playing: bool) -> None:
        s = self.session
        st = s.stepper
        ex = s.model.current_example()
        h = st.a[-1]
        key = (id(s.model.data), ex.row, None if h is None else id(h))
        if key == self._shown:
            return
        self._shown = key
        if ex.image is not None:
            pix = QPixmap.fromImage(grey_image(ex.image, dark=self.st.dark))
            self.picture.setPixmap(pix.scaled(PICTURE_PX, PICTURE_PX, Qt.KeepAspectRatio,
                                              Qt.FastTransformation))
        K, ds = s.sizes[-1], s.dataset
        target = int(ds.labels[ex.row])
        self.target_bar.setOpts(x0=[0], y=[0 if K == 1 else target], width=[1.0])
        head = f"Row {ex.row + 1:,} · target: “{ex.target}”"
        if h is None:
            self.bars.setOpts(x0=[], y=[], width=[])
            self.words.setText(f"{head}<br>Its outputs a{sl(s.L)} are not computed yet: "
                               "forward propagation reaches them on the way.")
            return
        said = int(classes_of(np.asarray(h)[None, :])[0])
        k = 0 if K == 1 else said
        st = self.st
        brushes = [pg.mkBrush(st.accent if u == k else st.soft_ink) for u in range(K)]
        self.bars.setOpts(x0=np.zeros(K), y=np.arange(K), width=np.asarray(h), brushes=brushes)
        right = "right" if said == target else "wrong"
        self.words.setText(
            f"{head}<br>The network says “{ds.class_names[said]}” (a{sl(s.L)}{sub(k + 1)} = "
            f"{h[k]:.3f}): {right}.<br><small><span style='color:{st.accent.name()}'>■</span>"
            f" its answer &nbsp;<span style='color:{st.passed.name()}'>▭</span> the target"
            "</small>")
