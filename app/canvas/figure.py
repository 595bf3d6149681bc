"""The canvas as a figure: the network without its editing controls, its legend drawn in.

`make_figure(session, ...)` builds a CanvasView of its own over the session (the window's
canvas is never touched, so nothing flickers and nothing needs restoring), then turns it
into a figure: no "+ layer" / "− units +" buttons and no "▾" markers, and no room left where
they were (the picture's rect is the ink of what is drawn, plus a margin); no selection
marks; optionally no values and plain colouring (outlined units, uniform edges); and the
colour legend as scene items under the network. `Figure.rect` is the region to draw.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPen
from PySide6.QtWidgets import QAbstractGraphicsShapeItem, QGraphicsScene

from .figure_legend import add_legend
from .items import Caption, EdgeItem, MoreItem
from .style import VALUE_ROOM, VALUE_SAMPLE
from .view import CanvasView

MARGIN = 24.0          # around the ink, in scene units (px at 1×)
LEGEND_GAP = 34.0      # between the lowest ink of the network and the legend
PLAIN_EDGE_W = 1.6
DROPDOWN = " ▾"        # the header's activation-menu marker
VALUE_MIN_PX = 8.0     # the values' font shrinks to fit its unit, down to this


@dataclass
class Figure:
    """view: the figure's own canvas (keep it until drawn; close() frees it); rect: the
    scene region to draw, in whole scene units."""

    view: CanvasView
    rect: QRectF

    @property
    def scene(self) -> QGraphicsScene:
        return self.view.scene()

    @property
    def background(self) -> QColor:
        """The canvas's background colour (read where the canvas sets it: its scene)."""
        return QColor(self.scene.backgroundBrush().color())

    def close(self) -> None:
        """Delete the figure's canvas (and its legend strip) now: their connections to the
        session go with them."""
        for widget in (self.view.legend_widget, self.view):
            if shiboken6.isValid(widget):
                shiboken6.delete(widget)


def make_figure(session, *, values: bool = True, colour: bool = True, legend: bool = True,
                transparent: bool = False, look=None) -> Figure:
    """The session's network at its current step as a Figure (see the module docstring).
    values: the numbers inside the units; colour: the current colouring (False: plain);
    legend: the colour scales under the network (only with colour); transparent: drawn
    over an unknown background (faded edges translucent, captions without their pills);
    look: the theme and text scale to draw in (the window's; default the light theme)."""
    view = CanvasView(session, look=look)
    view.set_edit_controls_visible(False)
    for header in view._headers.values():
        header.line2.set(header.line2.text().removesuffix(DROPDOWN))
    _hide_selection(view)
    _unstretched_values(view)
    if not values:
        for node in view._nodes.values():
            node.value.setVisible(False)
    if not colour:
        _plain(view)
    elif transparent:
        _translucent_fades(view)
    if transparent:
        _no_pills(view)
    ink = ink_rect(view.scene())
    if colour and legend:
        ink |= add_legend(view, ink.center().x(), ink.bottom() + LEGEND_GAP, ink.width())
    m = MARGIN
    left, top = math.floor(ink.left() - m), math.floor(ink.top() - m)
    right, bottom = math.ceil(ink.right() + m), math.ceil(ink.bottom() + m)
    return Figure(view, QRectF(left, top, right - left, bottom - top))


def _hide_selection(view: CanvasView) -> None:
    """The selection ring, square and edge glow are the window's, not the figure's."""
    for mark in (view._ring, view._square, view._glow):
        mark.setVisible(False)
    if view._selected_edge is not None:
        view._emphasize(view._selected_edge, False)
        view._selected_edge = None


def _unstretched_values(view: CanvasView) -> None:
    """Values in a normal-width font: SVG has no font stretch, so the canvas's semi-condensed
    numbers would overflow their units in a browser."""
    sty = view.style_
    px = float(sty.look.px("value_px"))
    while True:
        font = sty.look.font(px, QFont.DemiBold)
        if QFontMetricsF(font).horizontalAdvance(VALUE_SAMPLE) <= VALUE_ROOM * sty.R \
                or px <= VALUE_MIN_PX:
            break
        px -= 0.5
    for node in view._nodes.values():
        text = node.value
        text.setFont(font)
        br = text.boundingRect()
        text.setPos(text.cx - br.width() / 2, text.cy - br.height() / 2)


def _translucent_fades(view: CanvasView) -> None:
    """Edges washed out towards the canvas's background (opaque, fast on screen) would be
    whitish lines on a slide: over a transparent background they are made translucent."""
    pal, sty = view.palette_, view.style_
    for group in view._groups:
        for item, key in zip(group.items, group.keys):
            if key is None or not key[-1]:
                continue
            if key[0] == "neutral":
                colour = QColor(sty.neutral_edge)
                pen = QPen(item.pen())
            else:
                colour = QColor(pal.colors[key[0]])
                pen = QPen(pal.edge_pen(key[0], key[1], key[2], False))
            colour.setAlphaF(sty.faded)
            pen.setColor(colour)
            item.setPen(pen)


def _no_pills(view: CanvasView) -> None:
    """Captions and "… n more" lose their background-coloured pills (on a slide of another
    colour they would be white patches)."""
    for item in view.scene().items():
        if isinstance(item, (Caption, MoreItem)):
            item.setBrush(Qt.NoBrush)


def _plain(view: CanvasView) -> None:
    """Outlined units and uniform edges: the network's structure, nothing coloured and no
    step highlight."""
    sty = view.style_
    fill, ink = QBrush(sty.background), QBrush(sty.ink)
    outline = QPen(sty.node_outline, sty.NODE_PEN_WIDTH)
    for node in view._nodes.values():
        node.setBrush(fill)
        node.setPen(outline)
        node.value.setBrush(ink)
    edge_pen = QPen(sty.soft_ink, PLAIN_EDGE_W * sty.look.stroke)
    edge_pen.setCapStyle(Qt.RoundCap)
    for edge in view._edges.values():
        edge.setPen(edge_pen)
        edge.setZValue(0)
    for band in view._bands.values():
        band.setVisible(False)
    for header in view._headers.values():
        header.set_active(False)


def ink_rect(scene: QGraphicsScene) -> QRectF:
    """The union of what is drawn: visible items, edges by their line and pen (their hit
    area is wider), invisible shapes (no pen, transparent fill) left out."""
    rect = QRectF()
    for item in scene.items():
        if not item.isVisible():
            continue
        if isinstance(item, EdgeItem):
            pad = item.pen().widthF() / 2 + 1
            line = item.line()
            rect |= QRectF(line.p1(), line.p2()).normalized().adjusted(-pad, -pad, pad, pad)
            continue
        if isinstance(item, QAbstractGraphicsShapeItem) and item.pen().style() == Qt.NoPen \
                and (item.brush().style() == Qt.NoBrush or item.brush().color().alpha() == 0):
            continue
        rect |= item.sceneBoundingRect()
    return rect
