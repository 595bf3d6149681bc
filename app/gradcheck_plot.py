"""The Gradient check panel's scatter: D from backpropagation against the numerical
gradient, one point per checked weight (bias weights as squares), with the diagonal
D = numerical dashed. Same range on both axes, so the diagonal is at 45° and a point's
distance from it is honest. Values come from the check's result; nothing is computed here
but their arrangement."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from app import panel_style as ps
from app.decision_views import style_plot


class CheckScatter(pg.PlotWidget):
    """points (j ≥ 1), bias_points (j = 0) and diagonal: three PlotDataItems."""

    def __init__(self, st: ps.PanelStyle):
        super().__init__()
        item = self.getPlotItem()
        item.showGrid(x=True, y=True, alpha=0.2)
        for side in ("left", "bottom"):
            item.getAxis(side).enableAutoSIPrefix(False)
        self.diagonal = item.plot([], [])
        self.points = item.plot([], [], pen=None, symbol="o", symbolSize=8)
        self.bias_points = item.plot([], [], pen=None, symbol="s", symbolSize=8)
        self.setToolTip("One point per checked weight: where D and the numerical gradient "
                        "agree it lies on the dashed diagonal")
        self.set_style(st)

    def set_style(self, st: ps.PanelStyle) -> None:
        """Background, axes, labels, the diagonal and the markers in `st`."""
        style_plot(self, st)
        item = self.getPlotItem()
        item.setLabel("bottom", "numerical (J(Θ+ε) − J(Θ−ε)) / 2ε", **st.label_style())
        item.setLabel("left", "D (backprop)", **st.label_style())   # fits a short plot
        self.diagonal.setPen(pg.mkPen(st.soft_ink, width=1.5 * st.stroke, style=Qt.DashLine))
        for points, k in ((self.points, 0), (self.bias_points, 1)):
            points.setSymbolBrush(st.class_color(k))
            points.setSymbolPen(pg.mkPen(st.ink, width=st.stroke))
            points.setSymbolSize(8 * st.look.scale)

    def show_result(self, res) -> None:
        """The checked weights of a GradientCheckResult (D, numerical, checked masks)."""
        D = [d[mask] for d, mask in zip(res.D, res.checked)]
        num = [n[mask] for n, mask in zip(res.numerical, res.checked)]
        bias = [np.broadcast_to(np.arange(m.shape[1]) == 0, m.shape)[m] for m in res.checked]
        D, num, bias = np.concatenate(D), np.concatenate(num), np.concatenate(bias)
        self.points.setData(num[~bias], D[~bias])
        self.bias_points.setData(num[bias], D[bias])
        lo = float(min(D.min(), num.min(), 0.0))
        hi = float(max(D.max(), num.max(), 0.0))
        self.diagonal.setData([lo, hi], [lo, hi])
        self.getPlotItem().setRange(xRange=(lo, hi), yRange=(lo, hi), padding=0.06)

    def clear_points(self) -> None:
        for item in (self.points, self.bias_points, self.diagonal):
            item.setData([], [])
