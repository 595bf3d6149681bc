"""The Decision boundary panel: the data and what the network makes of it.

For 2 inputs: the examples as a scatter (colour and marker shape by class; validation
examples hollow), the current example ringed, and behind them h_Θ over the plane
(bp.decision_surface): with one output unit the probability of class 1 on the canvas's
diverging map with the h = 0.5 contour, the decision boundary; with K ≥ 3 the colour of the
class of the largest hₖ, as strong as that hₖ. The surface is recomputed only when Θ
changed; while playing on a coarse grid (COARSE² points), refined to FINE² when play stops.
For 1 input: h_Θ(x) over the data (app/decision_views.py CurveView). For images and wider
inputs: the current example's outputs by class name (OutputsView), with its picture.

Everything shown is read from the session or computed by bpengine (surface, classes).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

import bpengine as bp
from app import panel_style as ps
from app.decision_views import CurveView, OutputsView, legend_html, plot_widget, style_plot
from app.on_screen import OnScreen
from app.theme import Look
from bpengine.boundary import plot_kind, surface_classes

COARSE, FINE = 48, 200
SURFACE_ALPHA = ps.SURFACE_ALPHA   # of 255: the surface is lighter than the points over it
MARKER_SIZE = 11


class PlaneView(QWidget):
    """The scatter of 2-D examples over the decision surface."""

    def __init__(self, session, parent: QWidget | None = None, st: ps.PanelStyle | None = None):
        super().__init__(parent)
        self.session = session
        self.st = st or ps.style()
        self.plot = plot_widget(self.st)
        self.legend = QLabel(wordWrap=True, objectName="boundaryLegend")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.legend)
        item = self.plot.getPlotItem()
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-10)
        item.addItem(self.image)
        self.contour = pg.IsocurveItem(level=0.5, axisOrder="row-major")
        self.contour.setParentItem(self.image)
        self.contour.setPos(0.5, 0.5)      # its vertices are at pixel indices, not corners
        self.ring = pg.ScatterPlotItem(size=26, symbol="o", brush=None)
        self.ring.setZValue(20)
        item.addItem(self.ring)
        self.scatters: list[pg.ScatterPlotItem] = []
        self.grid: np.ndarray | None = None       # the surface shown (res, res, K)
        self.resolution = 0
        self._key = None
        self.set_style(self.st)

    def set_style(self, st: ps.PanelStyle) -> None:
        """The plot, the contour and the ring in `st`; the scatters, the surface and the
        legend at the next rebuild (the panel asks for one)."""
        self.st = st
        style_plot(self.plot, st)
        self.legend.setFont(st.font(ps.TEXT_PT - 1))
        self.contour.setPen(pg.mkPen(st.surface_ink, width=2.5 * st.stroke))
        self.ring.setPen(pg.mkPen(st.accent, width=3.5 * st.stroke))
        self.ring.setSize(26 * st.look.scale)      # larger markers in the presentation

    def rebuild(self) -> None:
        """New data or network: the scatters, axes, extent and legend."""
        s, item = self.session, self.plot.getPlotItem()
        for sc in self.scatters:
            item.removeItem(sc)
        d, ds = s.model.data, s.dataset
        self.binary = s.sizes[-1] == 1
        X_all = np.vstack([d.X, d.X_val]) if len(d.val) else d.X
        self.xlim, self.ylim = bp.surface_extent(X_all)
        self.scatters = []
        st = self.st
        colors = st.binary_marker_colors() if self.binary else None
        for k, name in enumerate(ds.class_names):
            color = colors[k] if self.binary else st.class_color(k)
            for part, rows, X, hollow in (("train", d.train, d.X, False),
                                          ("validation", d.val, d.X_val, True)):
                pick = ds.labels[rows] == k
                if not pick.any():
                    continue
                sc = pg.ScatterPlotItem(
                    X[pick, 0], X[pick, 1], symbol=ps.class_symbol(k),
                    size=MARKER_SIZE * st.look.scale,
                    brush=pg.mkBrush(st.background) if hollow else pg.mkBrush(color),
                    pen=pg.mkPen(color, width=2.5 * st.stroke) if hollow
                    else pg.mkPen(st.surface_ink, width=1.5 * st.stroke))
                sc.setToolTip(f"class “{name}” ({part} part)")
                item.addItem(sc)
                self.scatters.append(sc)
        scaled = " (scaled)" if s.config.scaling != "none" else ""
        item.setLabel("bottom", ds.feature_names[0] + scaled, **st.label_style())
        item.setLabel("left", ds.feature_names[1] + scaled, **st.label_style())
        item.setRange(xRange=self.xlim, yRange=self.ylim, padding=0)
        self.contour.setVisible(self.binary)
        if self.binary:
            lut = st.colormap().getLookupTable(0.0, 1.0, 256, alpha=True)
            lut[:, 3] = SURFACE_ALPHA
            self.image.setLookupTable(lut)
        self.legend.setText(legend_html(ds.class_names, self.binary, bool(len(d.val)), st))
        self._key = None

    def refresh(self, playing: bool) -> None:
        """The ring on the current example; the surface if Θ changed or play stopped."""
        s = self.session
        st = s.stepper
        x = s.model.data.X[st.example]
        self.ring.setData([x[0]], [x[1]])
        res = COARSE if playing else FINE
        key = (id(s.model.data), tuple(id(t) for t in st.thetas), res)
        if key == self._key:
            return
        self._key, self._held = key, list(st.thetas)   # held: the ids stay theirs
        self.grid = bp.decision_surface(st.thetas, s.acts, self.xlim, self.ylim, res)
        self.resolution = res
        self._paint(self.grid)

    def _paint(self, grid: np.ndarray) -> None:
        res = grid.shape[0]
        if self.binary:
            h = grid[:, :, 0]
            self.image.setImage(h, autoLevels=False, levels=(0.0, 1.0))
            self.contour.setData(h)
        else:
            cls, strength = surface_classes(grid)
            K = grid.shape[2]
            colors = np.array([self.st.class_color(k).getRgb()[:3] for k in range(K)],
                              np.uint8)
            sure = np.clip((strength - 1.0 / K) / (1.0 - 1.0 / K), 0.0, 1.0)
            rgba = np.empty((res, res, 4), dtype=np.uint8)
            rgba[:, :, :3] = colors[cls]
            rgba[:, :, 3] = np.round(30 + (SURFACE_ALPHA - 30) * sure).astype(np.uint8)
            self.image.setImage(rgba, autoLevels=False, levels=(0, 255))
        self.image.setRect(*bp.surface_rect(self.xlim, self.ylim, res))


class DecisionPanel(OnScreen, QWidget):
    """See the module docstring. kind is "plane", "curve", "image" or "none"."""

    def __init__(self, session, parent: QWidget | None = None, look: Look | None = None):
        super().__init__(parent)
        self.session = session
        self.look = look or Look()
        self.st = ps.style(self.look)
        self.caption = QLabel(wordWrap=True, objectName="boundaryCaption", textFormat=Qt.RichText)
        self.caption.setFont(self.st.font(ps.TEXT_PT))
        self.plane = PlaneView(session, st=self.st)
        self.curve = CurveView(session, st=self.st)
        self.outputs = OutputsView(session, st=self.st)
        self.stack = QStackedWidget()
        for w in (self.plane, self.curve, self.outputs):
            self.stack.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.caption)
        layout.addWidget(self.stack, 1)
        self.kind = None
        self._dirty = False
        self._stale = True      # rebuild() is due
        session.sigNetworkChanged.connect(self.rebuild)
        session.sigStepped.connect(self.refresh)
        session.sigMoving.connect(lambda _p: self.refresh())
        self.rebuild()

    def sizeHint(self) -> QSize:
        return QSize(380, 380)

    def set_look(self, look: Look) -> None:
        """Restyle the three views for `look` and rebuild what they draw (now, or when the
        panel is next on screen)."""
        self.look = look
        self.st = ps.style(look)
        self.caption.setFont(self.st.font(ps.TEXT_PT))
        for view in (self.plane, self.curve, self.outputs):
            view.set_style(self.st)
        self._stale = True
        self.plane._key = self.curve._key = None   # the surface is painted anew
        if self.on_screen():
            self.rebuild()

    def rebuild(self) -> None:
        """New data or network (while hidden: when next shown)."""
        if not self.on_screen():
            self._dirty = self._stale = True
            return
        self._stale = False
        s = self.session
        ds = s.dataset
        self.kind = plot_kind(ds.n, ds.image_shape)
        view = {"plane": self.plane, "curve": self.curve}.get(self.kind, self.outputs)
        view.rebuild()
        self.stack.setCurrentWidget(view)
        self.caption.setText(self._caption())
        self.refresh()

    def _caption(self) -> str:
        ds, K = self.session.dataset, self.session.sizes[-1]
        if self.kind == "plane" and K == 1:
            return (f"Behind the points: h<sub>Θ</sub>(x), the network's probability of class "
                    f"“{ds.class_names[1]}”; the line h = 0.5 is its decision boundary.")
        if self.kind == "plane":
            return ("Behind the points: the class whose output hₖ is largest, the stronger "
                    "the surer the network is.")
        if self.kind == "curve":
            return "h<sub>Θ</sub>(x) over the one input, with the examples."
        if self.kind == "image":
            return "The current example and what the output units say about it."
        return (f"A decision boundary is drawn for one or two inputs; {ds.name} has "
                f"{ds.n}. Here: the current example's outputs.")

    def catch_up(self) -> None:
        if self._stale:
            self.rebuild()
        elif self._dirty:
            self.refresh()

    def refresh(self) -> None:
        """After a step (or play/pause); the work waits while the panel is hidden."""
        if not self.on_screen() or self._stale:
            self._dirty = True
            return
        self._dirty = False
        view = self.stack.currentWidget()
        view.refresh(self.session.moving)
