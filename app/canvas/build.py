"""Building the scene for the session's structure (on sigNetworkChanged, a new theme, or a
canvas of another shape).

Every item is created here, once per structure, style or shape change; steps only recolour
them (colouring.py). Units, bias units, "… n more" rows and headers come from the layout's
geometry, then the edges of each Θ⁽ˡ⁾ between the shown units, then the edit controls,
the step-highlight bands and the selection marks.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QFontMetricsF

from bpengine.notation import layer as sl

from . import labels, layout
from . import style as st
from .colouring import EdgeGroup
from .items import BiasItem, EdgeItem, HeaderItem, MoreItem, NodeItem


class BuildMixin:
    """CanvasView.rebuild and its parts.

    Needs from the view: session, style_, _scene, _chrome_visible, _auto_fit, _aspect(),
    and the other mixins' _add_buttons, _add_bands, _add_marks, _set_captions,
    shown_node_mode, refresh, show_selection, fit.
    """

    def rebuild(self) -> None:
        """Recreate every item for the session's current structure, style and the view's
        shape."""
        self._menu = None
        self._scene.clear()
        self._reset_items()
        self._scene.setBackgroundBrush(self.style_.background)
        geo = self._geometry()
        self.geometry_ = geo
        self._add_layers(geo)
        self._add_edges(geo)
        if self._chrome_visible:   # hidden controls are not built: the figure closes up
            self._add_buttons(geo)
            self._chrome += self._buttons
        content = self._scene.itemsBoundingRect()
        self._set_captions(self.shown_node_mode())    # bands must enclose the captions
        self._add_bands()
        self._add_marks()
        for band in self._bands.values():     # hidden until their step, never clipped
            content |= band.sceneBoundingRect()
        m = layout.SCENE_MARGIN
        self._scene.setSceneRect(content.adjusted(-m, -m, m, m))
        self.refresh()
        self.show_selection()
        if self._auto_fit:
            self.fit()
        else:                                 # zoomed by hand: the view shows the new scene
            self.setSceneRect(self._scene.sceneRect())
        self.sigRebuilt.emit()

    def _geometry(self) -> layout.Geometry:
        """The layout for the structure, with the headers and captions measured in the
        style's fonts, shaped like the view."""
        s, sty = self.session, self.style_
        sizes = list(s.sizes)
        L = len(sizes)
        f1, f2 = QFontMetricsF(sty.header_font), QFontMetricsF(sty.subheader_font)
        self._header_lines = [labels.header_lines(s, l) for l in range(1, L + 1)]
        header_w = max(max(f1.horizontalAdvance(a), f2.horizontalAdvance(b + " ▾"))
                       for a, b in self._header_lines)
        header_h = f1.height() + f2.height()
        fc = QFontMetricsF(sty.caption_font)
        names = labels.class_names(s)
        widths = []
        for l, size in enumerate(sizes, start=1):
            shown = layout.shown_units(size)
            widths.append(max(fc.horizontalAdvance(labels.caption(l, j, m, L, names)) + 10
                              for j in shown for m in labels.NODE_SYMBOLS))
        self._layout_aspect = self._aspect()
        return layout.compute(sizes, sty, self._layout_aspect, header_w, header_h, widths,
                              self._chrome_visible)

    def _reset_items(self) -> None:
        """Empty item tables; the scene's old items are gone with scene.clear()."""
        self._nodes: dict = {}             # (l, j) → NodeItem
        self._bias: dict = {}              # l → BiasItem
        self._edges: dict = {}             # (l, i, j) → EdgeItem
        self._more: dict = {}              # l → MoreItem
        self._headers: dict = {}           # l → HeaderItem
        self._bands: dict = {}             # l → Band
        self._buttons: list = []
        self._chrome: list = []            # the editing controls (buttons and their labels)
        self._groups: list[EdgeGroup] = []
        self._layer_units: list = []       # per layer: (0-based unit indices, NodeItems)
        self._caption_mode: str | None = None
        self._active: int | None = None
        self._selected_edge: EdgeItem | None = None

    def _add_layers(self, geo: layout.Geometry) -> None:
        """Units, bias unit, "… n more" and header of every layer."""
        sty = self.style_
        add = self._scene.addItem
        for g in geo.layers:
            l, x = g.l, g.x
            items = []
            for j, y in g.units.items():
                node = NodeItem(sty, l, j, x, y, geo.caption_offset(l))
                add(node)
                self._nodes[(l, j)] = node
                items.append(node)
            self._layer_units.append((np.array(list(g.units), dtype=np.intp) - 1, items))
            if g.bias_y is not None:
                name = "x₀" if l == 1 else f"a₀{sl(l)}"
                self._bias[l] = BiasItem(sty, l, x, g.bias_y, name, geo.caption_offset(l))
                add(self._bias[l])
            if g.more_y is not None:
                self._more[l] = MoreItem(sty, l, g.hidden, x, g.more_y)
                add(self._more[l])
            self._headers[l] = HeaderItem(sty, l, self._header_lines[l - 1],
                                          labels.title(self.session, l), x, geo.header_y,
                                          clickable=l >= 2)
            add(self._headers[l])

    def _add_edges(self, geo: layout.Geometry) -> None:
        """One EdgeItem per drawn Θ⁽ˡ⁾ᵢⱼ (bias column j = 0 first), grouped per l so a step
        recolours a whole Θ⁽ˡ⁾ with one vectorised palette lookup. A pair of layers with
        more than DENSE_EDGES edges draws them thinner and lighter."""
        for l in range(1, len(geo.layers)):
            src, dst = geo.layer(l), geo.layer(l + 1)
            cols = ([0] if src.bias_y is not None else []) + list(src.units)
            rows = list(dst.units)
            dense = len(rows) * len(cols) > st.DENSE_EDGES
            top = self.style_.DENSE_MAX_W if dense else self.style_.EDGE_MAX_W
            group = []
            for i in rows:
                p2 = QPointF(dst.x, dst.units[i])
                for j in cols:
                    p1 = QPointF(src.x, src.bias_y if j == 0 else src.units[j])
                    edge = EdgeItem(l, i, j, p1, p2, top)
                    self._scene.addItem(edge)
                    self._edges[(l, i, j)] = edge
                    group.append(edge)
            self._groups.append(EdgeGroup(l, np.array(rows, dtype=np.intp) - 1,
                                          np.array(cols, dtype=np.intp), group, dense))
