"""The colour legend of a figure, as scene items (in the window it is a widget outside the
scene; a picture needs it inside).

Two blocks, units and edges: what they show ("units: δ⁽ˡ⁾ (error)"), the diverging map as
a gradient bar (a vector gradient in SVG and PDF) with −s, 0, +s under it, and for the edges
a solid and a dashed sample (sign without colour) and "width ∝ |value|". A quantity not
computed yet says so instead of showing a bar. The scales are those the canvas uses.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPen
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsRectItem, QGraphicsSimpleTextItem

from . import style as st
from .colouring import EDGE_TEXT, NODE_TEXT
from .items import Text

BAR_W, BAR_H = 240.0, 18.0
TICK = 6.0
BLOCK_GAP = 64.0         # between the two blocks side by side
ROW_GAP = 26.0           # between the blocks stacked
SAMPLE_W = 46.0
WIDER = 1.15             # the legend side by side may be this much wider than the network
TITLE_PX, TICK_PX = 19, 16
MINUS = "\u2212"


def _number(v: float) -> str:
    text = f"{v:+g}" if v else "0"
    return text.replace("-", MINUS)


def add_legend(view, cx: float, top: float, width: float) -> QRectF:
    """Add the legend of `view`'s current colouring to its scene, centred on x = cx below
    y = top; side by side when both blocks fit in `width`, else one under the other.
    Returns the legend's rect."""
    nm, em = view.shown_node_mode(), view.shown_edge_mode()
    node_scale, edge_scale = view.shown_scales      # the canvas's own (fixed or step) scales
    sym, name = NODE_TEXT[nm]
    blocks = [_block(view, f"units: {sym}⁽ˡ⁾ ({name})", node_scale,
                     "not computed yet for this example")]
    sym, name = EDGE_TEXT[em]
    blocks.append(_block(view, f"edges: {sym}⁽ˡ⁾ ({name})", edge_scale,
                         "none before the first gradient step", samples=True))
    widths = [b.childrenBoundingRect().width() for b in blocks]
    # side by side unless that makes the picture much wider than the network
    side = sum(widths) + BLOCK_GAP <= max(width * WIDER, 2 * BAR_W + BLOCK_GAP)
    if side:
        x = cx - (sum(widths) + BLOCK_GAP) / 2
        for block, w in zip(blocks, widths):
            block.setPos(x, top)
            x += w + BLOCK_GAP
    else:                  # one under the other, left edges lined up
        y = top
        for block in blocks:
            block.setPos(cx - max(widths) / 2, y)
            y += block.childrenBoundingRect().height() + ROW_GAP
    rect = QRectF()
    for block in blocks:
        rect |= block.mapRectToScene(block.childrenBoundingRect())
    return rect


def _block(view, title: str, scale: float | None, missing: str,
           samples: bool = False) -> QGraphicsRectItem:
    """A legend block: an invisible group item at (0, 0) holding title, bar and ticks."""
    group = QGraphicsRectItem()
    group.setPen(Qt.NoPen)
    view.scene().addItem(group)
    head = QGraphicsSimpleTextItem(title if scale is not None else f"{title}: {missing}",
                                   group)
    sty = view.style_
    head.setFont(sty.look.font(TITLE_PX * sty.look.scale))
    head.setBrush(QBrush(sty.ink))
    if scale is None:
        return group
    y = head.boundingRect().height() + 6
    bar = QGraphicsRectItem(0.0, 0.0, BAR_W, BAR_H, group)
    bar.setPos(0.0, y)
    bar.setBrush(QBrush(sty.colormap().getGradient(QPointF(0, 0), QPointF(BAR_W, 0))))
    bar.setPen(QPen(sty.node_outline, 1.0))
    y += BAR_H
    tick_pen = QPen(sty.node_outline, 1.0)
    tick_h = 0.0
    for x, v in ((0.0, -scale), (BAR_W / 2, 0.0), (BAR_W, scale)):
        QGraphicsLineItem(x, y, x, y + TICK, group).setPen(tick_pen)
        label = Text(group, sty.look.font(TICK_PX * sty.look.scale), sty.ink)
        label.set(_number(v))
        tick_h = label.boundingRect().height()
        label.setPos(x - label.boundingRect().width() / 2, y + TICK + 1)
    if samples:
        _samples(view, group, y + TICK + tick_h + 10)
    return group


def _samples(view, group, y: float) -> None:
    """—— positive  - - - negative, and "width ∝ |value|" under them: the sign and the
    size shown without colour."""
    pal = view.palette_
    x, mid = 0.0, y + 11
    for text, index, negative in (("positive", pal.N - 1, False), ("negative", 0, True)):
        line = QGraphicsLineItem(x, mid, x + SAMPLE_W, mid, group)
        line.setPen(st.edge_pen(pal.colors[index], view.style_.EDGE_MAX_W * 0.6, negative))
        label = _label(view, group, text)
        label.setPos(x + SAMPLE_W + 8, mid - label.boundingRect().height() / 2)
        x = label.pos().x() + label.boundingRect().width() + 22
    label = _label(view, group, "width ∝ |value|")
    label.setPos(0.0, mid + label.boundingRect().height() / 2 + 6)


def _label(view, group, text: str) -> QGraphicsSimpleTextItem:
    sty = view.style_
    label = QGraphicsSimpleTextItem(text, group)
    label.setFont(sty.look.font(TICK_PX * sty.look.scale))
    label.setBrush(QBrush(sty.ink))
    return label
