"""Building the scene for the session's structure (on sigNetworkChanged).

Every item is created here, once per structure or dataset change; steps only recolour
them (colouring.py). Units, bias units, "… n more" rows and headers come from the layout's
geometry, then the edges of each Θ⁽ˡ⁾ between the shown units, then the edit controls,
the step-highlight bands and the selection marks.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont, QFontMetricsF

from app.session import layer_title
from bpengine.notation import layer as sl

from . import layout
from . import style as st
from .colouring import EdgeGroup
from .items import BiasItem, EdgeItem, HeaderItem, MoreItem, NodeItem

SCENE_MARGIN = 28.0
VALUE_SAMPLE = "−0.000"       # the widest value text a unit must hold
VALUE_ROOM = 1.72             # … within this many radii
VALUE_MIN_PX = 8


def value_font() -> QFont:
    """The value font, shrunk until VALUE_SAMPLE fits inside a unit with some room."""
    px = float(st.VALUE_PX)
    while True:
        f = st.font(px, QFont.DemiBold, stretch=QFont.SemiCondensed)
        if QFontMetricsF(f).horizontalAdvance(VALUE_SAMPLE) <= VALUE_ROOM * st.R \
                or px <= VALUE_MIN_PX:
            return f
        px -= 0.5


class BuildMixin:
    """CanvasView.rebuild and its parts.

    Needs from the view: session, _scene, _chrome_visible, _auto_fit, and the other
    mixins' _add_buttons, _add_bands, _add_marks, _set_captions, shown_node_mode,
    refresh, show_selection, fit.
    """

    def rebuild(self) -> None:
        """Recreate every item for the session's current structure."""
        self._menu = None
        self._scene.clear()
        self._reset_items()
        geo = layout.compute(list(self.session.sizes))
        self.geometry_ = geo
        self._add_layers(geo)
        self._add_edges(geo)
        self._add_buttons(geo)
        self._chrome += self._buttons
        content = self._scene.itemsBoundingRect()     # the same whether controls show or not
        for item in self._chrome:
            item.setVisible(self._chrome_visible)
        self._set_captions(self.shown_node_mode())    # bands must enclose the captions
        self._add_bands()
        self._add_marks()
        m = SCENE_MARGIN
        self._scene.setSceneRect(content.adjusted(-m, -m, m, m))
        self.refresh()
        self.show_selection()
        if self._auto_fit:
            self.fit()

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
        font = value_font()
        add = self._scene.addItem
        for g in geo.layers:
            l, x = g.l, g.x
            items = []
            for j, y in g.units.items():
                node = NodeItem(l, j, x, y, font, geo.caption_offset(l))
                add(node)
                self._nodes[(l, j)] = node
                items.append(node)
            self._layer_units.append((np.array(list(g.units), dtype=np.intp) - 1, items))
            if g.bias_y is not None:
                name = "x₀" if l == 1 else f"a₀{sl(l)}"
                self._bias[l] = BiasItem(l, x, g.bias_y, name, geo.caption_offset(l))
                add(self._bias[l])
            if g.more_y is not None:
                self._more[l] = MoreItem(l, g.hidden, x, g.more_y)
                add(self._more[l])
            self._headers[l] = HeaderItem(l, layer_title(self.session, l), x, geo.header_y,
                                          clickable=l >= 2)
            add(self._headers[l])

    def _add_edges(self, geo: layout.Geometry) -> None:
        """One EdgeItem per drawn Θ⁽ˡ⁾ᵢⱼ (bias column j = 0 first), grouped per l so a step
        recolours a whole Θ⁽ˡ⁾ with one vectorised palette lookup."""
        for l in range(1, len(geo.layers)):
            src, dst = geo.layer(l), geo.layer(l + 1)
            cols = ([0] if src.bias_y is not None else []) + list(src.units)
            rows = list(dst.units)
            group = []
            for i in rows:
                p2 = QPointF(dst.x, dst.units[i])
                for j in cols:
                    p1 = QPointF(src.x, src.bias_y if j == 0 else src.units[j])
                    edge = EdgeItem(l, i, j, p1, p2)
                    self._scene.addItem(edge)
                    self._edges[(l, i, j)] = edge
                    group.append(edge)
            self._groups.append(EdgeGroup(l, np.array(rows, dtype=np.intp) - 1,
                                          np.array(cols, dtype=np.intp), group))
