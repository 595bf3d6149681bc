"""CanvasView: the network as a lecture figure, coloured by the current micro-step.

Data flows one way. sigNetworkChanged rebuilds every item (structure or dataset changed);
sigStepped only recolours existing items (brushes, pens, texts, opacities: no item is
created per step); sigSelection moves the selection mark. User intent goes back only
through Session methods (select, add_layer, remove_layer, add_unit, remove_unit,
set_activation). Everything visible is a scene item, so the scene can be exported.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QActionGroup,
    QBrush,
    QFont,
    QFontMetricsF,
    QPainter,
    QPen,
    QTransform,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsEllipseItem,
    QGraphicsLineItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QMenu,
)

import bpengine as bp
from app.session import layer_title
from bpengine.notation import layer as sl
from bpengine.notation import sub

from . import layout
from . import style as st
from .items import (
    Z_EDGE,
    Z_EDGE_HOT,
    Z_EDGE_SEL,
    Z_GLOW,
    Z_RING,
    Band,
    BiasItem,
    ButtonItem,
    EdgeItem,
    HeaderItem,
    MoreItem,
    NodeItem,
    Text,
    key_of,
)
from .legend import CanvasLegend

NODE_MODES = ("auto", "delta", "a", "z")
EDGE_MODES = ("auto", "theta", "Delta", "D")
NODE_TEXT = {"a": ("a", "activation"), "z": ("z", "weighted input"), "delta": ("δ", "error")}
EDGE_TEXT = {"theta": ("Θ", "weights"), "Delta": ("Δ", "accumulators"),
             "D": ("D", "gradients")}
ZOOM_MIN, ZOOM_MAX = 0.08, 8.0


def _scale(arrays) -> float:
    """max |value| over the arrays; 1 when all are (near) zero, so zeros sit mid-scale and
    the legend still reads ±1 rather than ±1e-12."""
    m = max((float(np.max(np.abs(a))) for a in arrays if a.size), default=0.0)
    return m if m > st.SCALE_FLOOR else 1.0


class _EdgeGroup:
    """The drawn edges of one Θ⁽ˡ⁾, in row-major order of arr[np.ix_(rows, cols)]."""

    def __init__(self, l: int, rows: np.ndarray, cols: np.ndarray, items: list[EdgeItem]):
        self.l, self.rows, self.cols, self.items = l, rows, cols, items
        self.keys: list[tuple | None] = [None] * len(items)   # pen keys last applied
        self.z = Z_EDGE


class CanvasView(QGraphicsView):
    """The network canvas. See the module docstring; public API:

    node_mode / edge_mode ("auto" or a quantity) and set_node_mode / set_edge_mode;
    shown_node_mode() / shown_edge_mode() (what "auto" resolves to now); zoom_in,
    zoom_out, zoom_reset, fit; legend_widget (a QWidget to place near the view);
    set_edit_controls_visible(bool) (hide the buttons, e.g. for export); layer_menu(l),
    activation_menu(l); node_item(l, j), edge_item(l, i, j), items_for_tests.
    """

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.node_mode = "auto"
        self.edge_mode = "auto"
        self._scene = QGraphicsScene(self)
        # items change pens every step; a BSP index would be rebuilt each time for nothing
        self._scene.setItemIndexMethod(QGraphicsScene.NoIndex)
        self._scene.setBackgroundBrush(QBrush(st.BACKGROUND))
        self.setScene(self._scene)
        self.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing
                            | QPainter.SmoothPixmapTransform)
        self.setFrameShape(QFrame.NoFrame)
        self.setAlignment(Qt.AlignCenter)
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.FullViewportUpdate)
        self.setFocusPolicy(Qt.StrongFocus)
        self.setMouseTracking(True)
        self.palette_ = st.Palette()
        self.legend_widget = CanvasLegend()
        self._auto_fit = True
        self._chrome_visible = True
        self._pan: QPoint | None = None
        self._menu: QMenu | None = None
        self._pens = {
            "normal": QPen(st.NODE_OUTLINE, st.NODE_PEN_WIDTH),
            "active": QPen(st.ACCENT, st.ACTIVE_PEN_WIDTH),
            "pending": QPen(st.PENDING_INK, st.NODE_PEN_WIDTH, Qt.DashLine),
        }
        self._brushes = {"pending": QBrush(st.PENDING_FILL), "input": QBrush(st.INPUT_FILL),
                         "pending_ink": QBrush(st.PENDING_INK), "soft_ink": QBrush(st.INK)}
        self._neutral_edge = {f: st.edge_pen(st.washed(st.NEUTRAL_EDGE) if f else st.NEUTRAL_EDGE,
                                             st.EDGE_MIN_W, False) for f in (False, True)}
        session.sigNetworkChanged.connect(self.rebuild)
        session.sigStepped.connect(self.refresh)
        session.sigSelection.connect(self.show_selection)
        self.rebuild()

    # ---- modes ----

    def set_node_mode(self, mode: str) -> None:
        if mode not in NODE_MODES:
            raise ValueError(f"node mode must be one of {', '.join(NODE_MODES)}, not {mode!r}")
        self.node_mode = mode
        self.refresh()

    def set_edge_mode(self, mode: str) -> None:
        if mode not in EDGE_MODES:
            raise ValueError(f"edge mode must be one of {', '.join(EDGE_MODES)}, not {mode!r}")
        self.edge_mode = mode
        self.refresh()

    def shown_node_mode(self) -> str:
        """What nodes show now: "auto" is a in the forward steps (and at step 0), δ from the
        output error on."""
        if self.node_mode != "auto":
            return self.node_mode
        last = self.session.stepper.last
        return "a" if last is None or last.kind == "forward" else "delta"

    def shown_edge_mode(self) -> str:
        """What edges show now: "auto" is Θ, except Δ right after an accumulate step and D
        right after a gradient step."""
        if self.edge_mode != "auto":
            return self.edge_mode
        last = self.session.stepper.last
        kind = last.kind if last is not None else None
        return {"accumulate": "Delta", "gradient": "D"}.get(kind, "theta")

    # ---- building (sigNetworkChanged) ----

    def rebuild(self) -> None:
        """Recreate every item for the session's current structure."""
        self._menu = None
        self._scene.clear()
        self._nodes: dict[tuple[int, int], NodeItem] = {}
        self._bias: dict[int, BiasItem] = {}
        self._edges: dict[tuple[int, int, int], EdgeItem] = {}
        self._more: dict[int, MoreItem] = {}
        self._headers: dict[int, HeaderItem] = {}
        self._bands: dict[int, Band] = {}
        self._buttons: list[ButtonItem] = []
        self._chrome: list = []       # the editing controls (buttons and their labels)
        self._groups: list[_EdgeGroup] = []
        self._layer_units: list[tuple[np.ndarray, list[NodeItem]]] = []
        self._caption_mode: str | None = None
        self._active: int | None = None
        self._selected_edge: EdgeItem | None = None

        s = self.session
        sizes = list(s.network.sizes)
        L = len(sizes)
        geo = layout.compute(sizes)
        self.geometry_ = geo
        value_font = self._value_font()
        add = self._scene.addItem

        for g in geo.layers:
            l, x = g.l, g.x
            items = []
            for j, y in g.units.items():
                node = NodeItem(l, j, x, y, value_font, geo.caption_offset(l))
                add(node)
                self._nodes[(l, j)] = node
                items.append(node)
            self._layer_units.append((np.array(list(g.units), dtype=np.intp) - 1, items))
            if g.bias_y is not None:
                bias = BiasItem(l, x, g.bias_y, "x₀" if l == 1 else f"a₀{sl(l)}",
                                geo.caption_offset(l))
                add(bias)
                self._bias[l] = bias
            if g.more_y is not None:
                more = MoreItem(l, g.hidden, x, g.more_y)
                add(more)
                self._more[l] = more
            header = HeaderItem(l, layer_title(s, l), x, geo.header_y, clickable=l >= 2)
            add(header)
            self._headers[l] = header

        for l in range(1, L):
            src, dst = geo.layer(l), geo.layer(l + 1)
            cols = ([0] if src.bias_y is not None else []) + list(src.units)
            rows = list(dst.units)
            group = []
            for i in rows:
                p2 = QPointF(dst.x, dst.units[i])
                for j in cols:
                    p1 = QPointF(src.x, src.bias_y if j == 0 else src.units[j])
                    edge = EdgeItem(l, i, j, p1, p2)
                    add(edge)
                    self._edges[(l, i, j)] = edge
                    group.append(edge)
            self._groups.append(_EdgeGroup(l, np.array(rows, dtype=np.intp) - 1,
                                           np.array(cols, dtype=np.intp), group))

        self._add_buttons(geo, L)
        self._chrome += self._buttons
        content = self._scene.itemsBoundingRect()     # the same whether controls show or not
        for item in self._chrome:
            item.setVisible(self._chrome_visible)
        # a band behind each layer's units and captions, shown for the current micro-step
        # (inside the content, like the selection marks that move around)
        self._set_captions(self.shown_node_mode())
        for g in geo.layers:
            parts = [n for (l, _), n in self._nodes.items() if l == g.l]
            parts += [x for x in (self._bias.get(g.l), self._more.get(g.l)) if x is not None]
            rect = QRectF()
            for item in parts:
                rect |= item.sceneBoundingRect() | item.mapRectToScene(
                    item.childrenBoundingRect())
            band = Band(rect.adjusted(-16, -14, 16, 12))
            add(band)
            self._bands[g.l] = band
        self._ring = QGraphicsEllipseItem(-st.R - 8, -st.R - 8, 2 * st.R + 16, 2 * st.R + 16)
        self._square = QGraphicsRectItem(-st.BIAS - 8, -st.BIAS - 8, 2 * st.BIAS + 16,
                                         2 * st.BIAS + 16)
        for mark in (self._ring, self._square):
            mark.setPen(QPen(st.SELECT, 4.5))
            mark.setBrush(Qt.NoBrush)
            mark.setZValue(Z_RING)
            mark.setVisible(False)
            add(mark)
        self._glow = QGraphicsLineItem()
        glow = QPen(st.SELECT_GLOW, 20.0)
        glow.setCapStyle(Qt.RoundCap)
        self._glow.setPen(glow)
        self._glow.setZValue(Z_GLOW)
        self._glow.setVisible(False)
        add(self._glow)

        margin = 28.0
        self._scene.setSceneRect(content.adjusted(-margin, -margin, margin, margin))
        self.refresh()
        self.show_selection()
        if self._auto_fit:
            self.fit()

    def _value_font(self):
        """The value font, shrunk until "−0.000" fits inside a unit with some room."""
        px = float(st.VALUE_PX)
        while True:
            f = st.font(px, QFont.DemiBold, stretch=QFont.SemiCondensed)
            if QFontMetricsF(f).horizontalAdvance("−0.000") <= 1.72 * st.R or px <= 8:
                return f
            px -= 0.5

    def _add_buttons(self, geo: layout.Geometry, L: int) -> None:
        s, y = self.session, geo.button_y
        for g in geo.layers:
            l = g.l
            if 2 <= l <= L - 1:
                for text, dx, tip, slot in (
                        ("−", -40, f"Remove a unit from layer {l}", s.remove_unit),
                        ("+", 40, f"Add a unit to layer {l}", s.add_unit)):
                    button = ButtonItem(text, tip, lambda f=slot, n=l: f(n), g.x + dx, y, 36)
                    self._scene.addItem(button)
                    self._buttons.append(button)
                label = Text(None, st.BUTTON_LABEL_FONT, st.SOFT_INK, g.x, y)
                label.set("units")
                self._scene.addItem(label)
                self._chrome.append(label)
            if l < L:
                button = ButtonItem("+ layer", f"Add a hidden layer between layers {l} and "
                                    f"{l + 1}", lambda n=l: s.add_layer(n), g.x + geo.dx / 2,
                                    y, 104)
                self._scene.addItem(button)
                self._buttons.append(button)

    # ---- recolouring (sigStepped) ----

    def refresh(self) -> None:
        """Recolour from the stepper's state. Touches existing items only."""
        stepper = self.session.stepper
        last = stepper.last
        nm, em = self.shown_node_mode(), self.shown_edge_mode()
        if self._caption_mode != nm:
            self._set_captions(nm)
        if last is None:
            active, hot = None, None
        elif last.kind in ("forward", "backward"):
            active, hot = last.layer, set(last.edges)
        elif last.kind == "output_error":
            active, hot = stepper.L, set()
        else:
            active, hot = None, None   # accumulate, gradient, update: every edge carries values
        node_scale = self._refresh_nodes(stepper, nm, active)
        edge_scale = self._refresh_edges(stepper, em, hot)
        if active != self._active:
            for l, band in self._bands.items():
                band.setVisible(l == active)
            for l, header in self._headers.items():
                header.set_active(l == active)
            self._active = active
        self._refresh_legend(nm, em, node_scale, edge_scale)

    def _node_arrays(self, stepper, nm: str) -> list[np.ndarray | None]:
        source = {"a": stepper.a, "z": stepper.z, "delta": stepper.delta}[nm]
        return [stepper.a[0] if nm == "a" else None] + list(source[1:])

    def _refresh_nodes(self, stepper, nm: str, active: int | None) -> float | None:
        arrays = self._node_arrays(stepper, nm)
        computed = [a for a in arrays[1:] if a is not None]
        if not computed and arrays[0] is not None:
            computed = [arrays[0]]
        scale = None
        if computed:
            scale = _scale(computed)
        pal, pens, brushes = self.palette_, self._pens, self._brushes
        for l, ((idx, items), arr) in enumerate(zip(self._layer_units, arrays), start=1):
            pen = pens["active"] if l == active else None
            if arr is None and l == 1:          # the input has no z and no δ: show x plainly
                for item, v in zip(items, stepper.a[0][idx]):
                    item.set_value(st.fmt(v), brushes["input"], brushes["soft_ink"])
                    item.setPen(pen or pens["normal"])
            elif arr is None:
                for item in items:
                    item.set_value("·", brushes["pending"], brushes["pending_ink"])
                    item.setPen(pen or pens["pending"])
            else:
                vals = arr[idx]
                for item, v, c in zip(items, vals.tolist(), pal.indices(vals, scale).tolist()):
                    item.set_value(st.fmt(v), pal.brushes[c], pal.ink[c])
                    item.setPen(pen or pens["normal"])
        return scale

    def _edge_arrays(self, stepper, em: str):
        return {"theta": stepper.thetas, "Delta": stepper.Deltas, "D": stepper.D}[em]

    def _refresh_edges(self, stepper, em: str, hot: set[int] | None) -> float | None:
        """Colour, width and dash by value; edges not carrying the current step's values are
        washed out towards the background (opaque: much cheaper to paint than opacity)."""
        arrays = self._edge_arrays(stepper, em)
        scale = None if arrays is None else _scale(arrays)
        pal = self.palette_
        selected = self._selected_edge
        for group in self._groups:
            items, keys = group.items, group.keys
            on = hot is None or group.l in hot
            faded = not on
            if arrays is None:
                ks = [("neutral", faded)] * len(items)
            else:
                vals = arrays[group.l - 1][np.ix_(group.rows, group.cols)].ravel()
                ks = list(zip(pal.indices(vals, scale).tolist(),
                              pal.width_steps(vals, scale).tolist(),
                              (vals < 0).tolist(), [faded] * len(items)))
            for n, item in enumerate(items):
                k = ks[n]
                if keys[n] != k:
                    keys[n] = k
                    item.faded = faded
                    if item is not selected:
                        item.setPen(self._edge_pen(k))
            z = Z_EDGE_HOT if on and hot else Z_EDGE
            if z != group.z:
                for item in items:
                    if item is not selected:
                        item.setZValue(z)
                group.z = z
        if selected is not None:
            self._emphasize(selected, True)
        return scale

    def _edge_pen(self, key: tuple, faded: bool | None = None) -> QPen:
        """The pen for an edge key (ci, width step, negative, faded) or ("neutral", faded);
        `faded` overrides the key's."""
        faded = key[-1] if faded is None else faded
        if key[0] == "neutral":
            return self._neutral_edge[faded]
        return self.palette_.edge_pen(key[0], key[1], key[2], faded)

    def _emphasize(self, edge: EdgeItem, on: bool) -> None:
        """The selected edge is drawn at full strength above the others (over its glow)."""
        group = self._groups[edge.l - 1]
        key = group.keys[group.items.index(edge)]
        if key is not None:
            edge.setPen(self._edge_pen(key, faded=False if on else None))
        edge.setZValue(Z_EDGE_SEL if on else group.z)

    def _set_captions(self, nm: str) -> None:
        symbol = NODE_TEXT[nm][0]
        for (l, j), node in self._nodes.items():
            node.caption.set(f"x{sub(j)}" if l == 1 else f"{symbol}{sub(j)}{sl(l)}")
        self._caption_mode = nm

    def _refresh_legend(self, nm, em, node_scale, edge_scale) -> None:
        sym, name = NODE_TEXT[nm]
        auto = " (auto)" if self.node_mode == "auto" else ""
        title = f"nodes{auto}: {sym}⁽ˡ⁾ ({name})"
        if node_scale is None:
            title += " · not computed yet for this example"
        self.legend_widget.set_nodes(title, node_scale or 1.0)
        sym, name = EDGE_TEXT[em]
        auto = " (auto)" if self.edge_mode == "auto" else ""
        title = f"edges{auto}: {sym}⁽ˡ⁾ · width ∝ |v| · dashed = negative"
        if edge_scale is None:
            title = f"edges{auto}: {sym}⁽ˡ⁾ ({name}) · none yet: D exists after the first " \
                    "gradient step"
        self.legend_widget.set_edges(title, edge_scale or 1.0)

    # ---- selection (sigSelection) ----

    def show_selection(self) -> None:
        sel = self.session.selection
        if self._selected_edge is not None:
            self._emphasize(self._selected_edge, False)
            self._selected_edge = None
        self._ring.setVisible(False)
        self._square.setVisible(False)
        self._glow.setVisible(False)
        if not sel:
            return
        if sel[0] == "unit":
            _, l, j = sel
            item = self._bias.get(l) if j == 0 else self._nodes.get((l, j))
            mark = self._square if j == 0 else self._ring
            if item is not None:
                mark.setPos(item.pos())
                mark.setVisible(True)
        elif sel[0] == "edge":
            edge = self._edges.get(tuple(sel[1:]))
            if edge is not None:
                self._glow.setLine(edge.line())
                self._glow.setVisible(True)
                self._selected_edge = edge
                self._emphasize(edge, True)

    def set_edit_controls_visible(self, visible: bool) -> None:
        """Show or hide the on-canvas editing buttons (e.g. while exporting a figure)."""
        self._chrome_visible = bool(visible)
        for item in self._chrome:
            item.setVisible(self._chrome_visible)

    # ---- items, for tests and for the window ----

    def node_item(self, l: int, j: int):
        """The NodeItem of unit j of layer l (j = 0: the BiasItem), or None if collapsed."""
        return self._bias.get(l) if j == 0 else self._nodes.get((l, j))

    def edge_item(self, l: int, i: int, j: int) -> EdgeItem | None:
        """The EdgeItem of Θ⁽ˡ⁾ᵢⱼ, or None if either end is collapsed."""
        return self._edges.get((l, i, j))

    @property
    def items_for_tests(self) -> dict:
        """nodes {(l, j)}, bias {l}, edges {(l, i, j)}, more {l}, headers {l}, bands {l},
        buttons [...]. NodeItem has .fill (QColor) and .text; EdgeItem has .pen()/.opacity()."""
        return {"nodes": dict(self._nodes), "bias": dict(self._bias),
                "edges": dict(self._edges), "more": dict(self._more),
                "headers": dict(self._headers), "bands": dict(self._bands),
                "buttons": list(self._buttons)}

    # ---- zoom ----

    def fit(self) -> None:
        """Fit the whole network in the view (and keep fitting it when the view resizes)."""
        self._auto_fit = True
        rect = self.sceneRect()
        vp = self.viewport().rect()
        if rect.isEmpty() or vp.width() < 4 or vp.height() < 4:
            return
        s = min((vp.width() - 2) / rect.width(), (vp.height() - 2) / rect.height(),
                st.MAX_FIT_SCALE)
        self.setTransform(QTransform.fromScale(s, s))
        self.centerOn(rect.center())

    def zoom_reset(self) -> None:
        """Back to the fitted view."""
        self.fit()

    def zoom_in(self) -> None:
        self._zoom(1.25)

    def zoom_out(self) -> None:
        self._zoom(0.8)

    def _zoom(self, factor: float) -> None:
        now = self.transform().m11()
        factor = min(max(now * factor, ZOOM_MIN), ZOOM_MAX) / now
        self._auto_fit = False
        self.scale(factor, factor)

    # ---- events ----

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._auto_fit:
            self.fit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._auto_fit:
            self.fit()

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.ControlModifier:
            self._zoom(1.0015 ** event.angleDelta().y())
            event.accept()
            return
        super().wheelEvent(event)

    def hit(self, pos: QPoint):
        """The key under view position `pos`: a unit, an edge (the nearest of those crossing
        there), a header, "more", a button; None for empty canvas."""
        edges = []
        for item in self.items(pos):
            key = key_of(item)
            if key is None:
                continue
            if key[0] != "edge":
                if edges:
                    break
                return key
            edges.append(self._edges[key[1:]])
        if edges:
            p = self.mapToScene(pos)
            return min(edges, key=lambda e: e.distance(p)).key
        return None

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.LeftButton:
            super().mousePressEvent(event)
            return
        pos = event.position().toPoint()
        key = self.hit(pos)
        event.accept()
        if key is None:
            self.session.select(None)
            self._pan = pos   # dragging empty canvas pans when zoomed in
        elif key[0] in ("unit", "edge"):
            self.session.select(key)
        elif key[0] == "button":
            key[1]()
        elif key[0] == "header" and key[1] >= 2:
            header = self._headers[key[1]]
            at = self.mapFromScene(header.sceneBoundingRect().bottomLeft())
            self._popup(self.activation_menu(key[1]), self.viewport().mapToGlobal(at))

    def mouseMoveEvent(self, event) -> None:
        if self._pan is not None and event.buttons() & Qt.LeftButton:
            pos = event.position().toPoint()
            d = pos - self._pan
            self._pan = pos
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - d.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - d.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        self._pan = None
        if event.button() == Qt.LeftButton:   # the press was handled in mousePressEvent
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event) -> None:
        key = self.hit(event.pos())
        if key is None or key[0] not in ("unit", "header", "more", "edge"):
            event.ignore()
            return
        if key[0] == "unit":
            self.session.select(key)
        l = key[1] + 1 if key[0] == "edge" else key[1]
        self._popup(self.layer_menu(l), event.globalPos())
        event.accept()

    def _popup(self, menu: QMenu, at: QPoint) -> None:
        """Show `menu` without blocking; it deletes itself once closed (after its action)."""
        menu.aboutToHide.connect(menu.deleteLater)
        self._menu = menu          # the last menu opened (tests look at it)
        menu.popup(at)

    # ---- menus ----

    def layer_menu(self, l: int) -> QMenu:
        """Add unit, Remove unit, Add layer before/after, Remove layer, Activation ▸ for layer
        l. Entries that can never apply to this layer (the input's units…) are disabled; the
        session reports any other refusal itself."""
        s, L = self.session, self.session.L
        hidden = 2 <= l <= L - 1
        menu = QMenu(self)
        menu.setTitle(f"Layer {l}")
        entries = (("Add unit", lambda: s.add_unit(l), hidden),
                   ("Remove unit", lambda: s.remove_unit(l), hidden),
                   (None, None, None),
                   ("Add layer before", lambda: s.add_layer(l - 1), l >= 2),
                   ("Add layer after", lambda: s.add_layer(l), l <= L - 1),
                   ("Remove layer", lambda: s.remove_layer(l), hidden))
        for text, slot, enabled in entries:
            if text is None:
                menu.addSeparator()
                continue
            action = menu.addAction(text)
            action.triggered.connect(lambda _c=False, f=slot: f())
            action.setEnabled(enabled)
        menu.addSeparator()
        acts = self.activation_menu(l, menu)
        menu.addMenu(acts)
        acts.setEnabled(l >= 2)
        return menu

    def activation_menu(self, l: int, parent=None) -> QMenu:
        """The checkable list of activations g for layer l (≥ 2)."""
        menu = QMenu("Activation", parent or self)
        group = QActionGroup(menu)
        group.setExclusive(True)
        acts = self.session.network.acts
        current = acts[l - 2] if 2 <= l <= len(acts) + 1 else None
        for name in bp.ACTIVATIONS:
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(name == current)
            group.addAction(action)
            action.triggered.connect(
                lambda _c=False, n=name: n != current and self.session.set_activation(l, n))
        return menu
