"""CanvasView: the network as a lecture figure, coloured by the current micro-step.

Data flows one way. sigNetworkChanged rebuilds every item (structure or dataset changed);
sigStepped only recolours existing items (brushes, pens, texts, opacities: no item is
created per step); sigSelection moves the selection mark. User intent goes back only
through Session methods (select, add_layer, remove_layer, add_unit, remove_unit,
set_activation). Everything visible is a scene item, so the scene can be exported.

The class is assembled from one mixin per concern: build.py (the items), colouring.py
(modes and recolouring), highlight.py (the step highlight and selection marks),
editing.py (buttons and menus). This module holds the view itself: signals, zoom and fit,
and the mouse.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QPainter, QTransform
from PySide6.QtWidgets import QFrame, QGraphicsScene, QGraphicsView, QMenu

from app.theme import Look

from . import layout
from . import style as st
from .build import BuildMixin
from .colouring import EDGE_MODES, NODE_MODES, SCALE_MODES, ColouringMixin
from .editing import EditingMixin
from .highlight import HighlightMixin, step_highlight
from .items import EdgeItem, key_of
from .legend import CanvasLegend

__all__ = ["EDGE_MODES", "NODE_MODES", "SCALE_MODES", "CanvasView"]

ZOOM_MIN, ZOOM_MAX = 0.08, 8.0
ZOOM_STEP = 1.25
WHEEL_ZOOM = 1.0015        # per wheel-delta unit: one notch (120) ≈ ×1.2
RESHAPE = 0.03             # a canvas whose aspect ratio changed more than this re-lays out


class CanvasView(BuildMixin, ColouringMixin, HighlightMixin, EditingMixin, QGraphicsView):
    """The network canvas. See the module docstring; public API:

    node_mode / edge_mode ("auto" or a quantity) and set_node_mode / set_edge_mode, with
    sigNodeModeChanged / sigEdgeModeChanged(mode) when they change; scale_mode ("fixed" or
    "step") and set_scale_mode, with sigScaleModeChanged; shown_node_mode() /
    shown_edge_mode() (what "auto" resolves to now); zoom_in, zoom_out, zoom_reset, fit;
    legend_widget (a QWidget to place near the view); set_look(Look) (a theme, text scale
    and stroke weight: restyles and rebuilds); set_edit_controls_visible(bool) (hide the
    buttons, e.g. for export); layer_menu(l), activation_menu(l); node_item(l, j),
    edge_item(l, i, j), items_for_tests.

    The figure takes the canvas's shape (layout.compute): a resize that changes the aspect
    ratio re-lays it out (while the view fits the network); a step never moves an item.
    """

    sigNodeModeChanged = Signal(str)
    sigEdgeModeChanged = Signal(str)
    sigScaleModeChanged = Signal(str)
    sigRebuilt = Signal()          # every item was made anew (structure, or a new aspect)

    def __init__(self, session, parent=None, look: Look | None = None):
        super().__init__(parent)
        self.session = session
        self.style_ = st.CanvasStyle(look)
        self._scene = QGraphicsScene(self)
        # items change pens every step; a BSP index would be rebuilt each time for nothing
        self._scene.setItemIndexMethod(QGraphicsScene.NoIndex)
        self.setScene(self._scene)
        self._setup_view()
        self.legend_widget = CanvasLegend(self.style_)
        self._auto_fit = True
        self._top_px = 0           # reserve_top
        self._chrome_visible = True
        self._layout_aspect: float | None = None
        self._pan: QPoint | None = None
        self._menu: QMenu | None = None
        self._init_colouring()
        session.sigNetworkChanged.connect(self.rebuild)
        session.sigStepped.connect(self.refresh)
        session.sigSelection.connect(self.show_selection)
        session.sigView.connect(self.view_changed)
        self.rebuild()

    def _setup_view(self) -> None:
        self.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing
                            | QPainter.SmoothPixmapTransform)
        self.setFrameShape(QFrame.NoFrame)
        self.setAlignment(Qt.AlignCenter)
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.AnchorViewCenter)
        # edges span the figure: partial updates would repaint most of it anyway
        self.setViewportUpdateMode(QGraphicsView.FullViewportUpdate)
        self.setFocusPolicy(Qt.StrongFocus)
        self.setMouseTracking(True)

    def set_look(self, look: Look) -> None:
        """Restyle for a theme / text scale / stroke weight: new fonts, colours and pens,
        and the items rebuilt for them."""
        self.style_ = st.CanvasStyle(look)
        self._style_pens()
        self.legend_widget.set_style(self.style_)
        self.rebuild()

    def _aspect(self) -> float | None:
        """The viewport's width / height, None while it has no real size yet."""
        vp = self.viewport().rect()
        if not self.isVisible() or vp.width() < 50 or vp.height() < 50:
            return None
        return vp.width() / vp.height()

    def _reshape(self) -> None:
        """Re-lay out for a canvas of another shape (while fitting)."""
        now, before = self._aspect(), self._layout_aspect
        if not self._auto_fit or now is None:
            return
        if before is None or abs(now / before - 1) > RESHAPE:
            self.rebuild()

    def refresh(self) -> None:
        """Recolour from the stepper's state (slot of sigStepped). Touches existing items
        only."""
        stepper = self.session.stepper
        nm, em = self.shown_node_mode(), self.shown_edge_mode()
        if self._caption_mode != nm:
            self._set_captions(nm)
        active, hot = step_highlight(stepper)
        node_scale = self._refresh_nodes(stepper, nm, active)
        edge_scale = self._refresh_edges(stepper, em, hot)
        self._show_active(active)
        self.shown_scales = (node_scale, edge_scale)   # a figure's legend draws the same
        self._refresh_legend(nm, em, node_scale, edge_scale)

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

    def reserve_top(self, px: int) -> None:
        """Keep a band px high clear at the top of the fitted view: the message bar lies
        there (app/messages.py), and a message then hides none of the network."""
        self._top_px = px
        if self._auto_fit:
            self.fit()

    def fit(self) -> None:
        """Fit the whole network in the view below the reserved band (and keep fitting it
        when the view resizes). The view's scene rect is the scene's with the band added
        above: a fitted network is smaller than the view, so Qt centres that rect."""
        self._auto_fit = True
        rect = self._scene.sceneRect()
        vp = self.viewport().rect()
        if rect.isEmpty() or vp.width() < 4 or vp.height() < 4:
            return
        top, m = min(self._top_px, vp.height() // 4), layout.SCENE_MARGIN
        # the scene's own margin above the headers is part of the band: only the rest is
        # added, rect.height()·s + top − m·s ≤ the viewport's height
        s = min((vp.width() - 2) / rect.width(),
                (vp.height() - 2 - top) / max(rect.height() - m, 1.0), st.MAX_FIT_SCALE)
        shown = rect.adjusted(0, -max(top / s - m, 0.0), 0, 0)
        self.setSceneRect(shown)
        self.setTransform(QTransform.fromScale(s, s))
        self.centerOn(shown.center())

    def zoom_reset(self) -> None:
        """Back to the fitted view (laid out for the canvas's shape)."""
        self._auto_fit = True
        self._reshape()
        self.fit()

    def zoom_in(self) -> None:
        self._zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom(1 / ZOOM_STEP)

    def _zoom(self, factor: float) -> None:
        """Scale by `factor` within [ZOOM_MIN, ZOOM_MAX]; a manual zoom stops auto-fit."""
        now = self.transform().m11()
        factor = min(max(now * factor, ZOOM_MIN), ZOOM_MAX) / now
        self._auto_fit = False
        self.scale(factor, factor)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._auto_fit:
            self._reshape()
            self.fit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._auto_fit:
            self._reshape()
            self.fit()

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.ControlModifier:
            self._zoom(WHEEL_ZOOM ** event.angleDelta().y())
            event.accept()
            return
        super().wheelEvent(event)

    # ---- the mouse ----

    def hit(self, pos: QPoint):
        """The key under view position `pos`: a unit, an edge (the nearest of those crossing
        there), a header, "more", a button; None for empty canvas."""
        edges = []
        for item in self.items(pos):
            key = key_of(item)
            if key is None:
                continue
            if key[0] != "edge":
                if edges:        # an edge lies above this item: the edges win
                    break
                return key
            edges.append(self._edges[key[1:]])
        if edges:
            p = self.mapToScene(pos)
            return min(edges, key=lambda e: e.distance(p)).key
        return None

    def mousePressEvent(self, event) -> None:
        """Left click: select a unit or edge, press a button, open a header's activation
        menu, or (on empty canvas) clear the selection and start panning."""
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
            self._open_activation_menu(key[1])

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
