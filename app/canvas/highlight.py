"""The step highlight and the selection marks.

Like the seed's coloured figures, the canvas shows where the current micro-step works: a
band behind the layer being computed, its header in the accent colour, and the edges that
carry the step's values at full strength (the others washed out). The selection is a ring
(unit), a square (bias unit) or a glow under the edge, moved around rather than recreated.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsLineItem, QGraphicsRectItem

from .items import Z_EDGE_SEL, Z_GLOW, Z_RING, Band, EdgeItem


def step_highlight(stepper) -> tuple[int | None, set[int] | None]:
    """(active layer, Θ layers whose edges carry the last step's values) for the stepper's
    last micro-step. The layer set is None when every edge does (accumulate, gradient,
    update, and before the first step); the active layer None when no layer is computed."""
    last = stepper.last
    if last is None:
        return None, None
    if last.kind in ("forward", "backward"):
        return last.layer, set(last.edges)
    if last.kind == "output_error":
        return stepper.L, set()
    return None, None


class HighlightMixin:
    """CanvasView's step highlight (bands, headers) and selection marks.

    Needs from the view: session, _scene, _nodes, _bias, _more, _edges, _headers, _bands,
    _groups, _edge_pen (colouring) and geometry_.
    """

    # ---- the current micro-step ----

    def _add_bands(self) -> None:
        """A band behind each layer's units and captions, shown for the current micro-step
        (inside the content, like the selection marks that move around)."""
        for g in self.geometry_.layers:
            parts = [n for (l, _), n in self._nodes.items() if l == g.l]
            parts += [x for x in (self._bias.get(g.l), self._more.get(g.l)) if x is not None]
            rect = QRectF()
            for item in parts:
                rect |= item.sceneBoundingRect() | item.mapRectToScene(
                    item.childrenBoundingRect())
            band = Band(self.style_, rect.adjusted(-16, -14, 16, 12))
            self._scene.addItem(band)
            self._bands[g.l] = band

    def _show_active(self, active: int | None) -> None:
        """Band and accent header on the active layer only (no-op if it did not change)."""
        if active == self._active:
            return
        for l, band in self._bands.items():
            band.setVisible(l == active)
        for l, header in self._headers.items():
            header.set_active(l == active)
        self._active = active

    # ---- the selection ----

    def _add_marks(self) -> None:
        """The ring, square and glow, created once per build and hidden until needed."""
        sty = self.style_
        r, b = sty.R, sty.BIAS
        self._ring = QGraphicsEllipseItem(-r - 8, -r - 8, 2 * r + 16, 2 * r + 16)
        self._square = QGraphicsRectItem(-b - 8, -b - 8, 2 * b + 16, 2 * b + 16)
        for mark in (self._ring, self._square):
            mark.setPen(QPen(sty.select, sty.SELECT_W))
            mark.setBrush(Qt.NoBrush)
            mark.setZValue(Z_RING)
            mark.setVisible(False)
            self._scene.addItem(mark)
        self._glow = QGraphicsLineItem()
        glow = QPen(sty.select_glow, 20.0 * sty.look.stroke)
        glow.setCapStyle(Qt.RoundCap)
        self._glow.setPen(glow)
        self._glow.setZValue(Z_GLOW)
        self._glow.setVisible(False)
        self._scene.addItem(self._glow)

    def show_selection(self) -> None:
        """Move the marks to the session's selection (slot of sigSelection)."""
        sel = self.session.selection
        if self._selected_edge is not None:
            self._emphasize(self._selected_edge, False)
            self._selected_edge = None
        for mark in (self._ring, self._square, self._glow):
            mark.setVisible(False)
        if not sel:
            return
        if sel[0] == "unit":
            self._mark_unit(sel[1], sel[2])
        elif sel[0] == "edge":
            self._mark_edge(self._edges.get(tuple(sel[1:])))

    def _mark_unit(self, l: int, j: int) -> None:
        item = self._bias.get(l) if j == 0 else self._nodes.get((l, j))
        mark = self._square if j == 0 else self._ring
        if item is not None:            # a collapsed unit has no item: nothing to mark
            mark.setPos(item.pos())
            mark.setVisible(True)

    def _mark_edge(self, edge: EdgeItem | None) -> None:
        if edge is None:
            return
        self._glow.setLine(edge.line())
        self._glow.setVisible(True)
        self._selected_edge = edge
        self._emphasize(edge, True)

    def _emphasize(self, edge: EdgeItem, on: bool) -> None:
        """The selected edge is drawn at full strength above the others (over its glow)."""
        group = self._groups[edge.l - 1]
        key = group.keys[group.items.index(edge)]
        if key is not None:
            edge.setPen(self._edge_pen(key, faded=False if on else None,
                                       dense=group.dense and not on))
        if on:
            edge.setZValue(Z_EDGE_SEL)
        else:
            edge.setZValue(self._dense_z(group, key) if group.dense and key else group.z)
