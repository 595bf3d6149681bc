"""The scene items of the canvas. They hold geometry and text; values come from the view.

Every item the user can point at carries a `key`: ("unit", l, j) (j = 0 the bias unit),
("edge", l, i, j), ("more", l), ("header", l) or ("button", callback). Children (texts,
captions) have none; the view walks up to the nearest parent that has one.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QPainterPath,
    QPainterPathStroker,
    QPen,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
)

from . import style as st

# the selected edge (over its glow) sits above the others; the selection ring just under
# the units, so their captions stay readable over it
Z_BAND, Z_EDGE, Z_EDGE_HOT, Z_GLOW, Z_EDGE_SEL, Z_RING, Z_NODE, Z_LABEL = (
    -2, 0, 1, 1.4, 1.5, 1.9, 2, 3)


def key_of(item: QGraphicsItem | None):
    """The key of `item` or of its nearest keyed ancestor (None for plain decoration)."""
    while item is not None:
        key = getattr(item, "key", None)
        if key is not None:
            return key
        item = item.parentItem()
    return None


def _rounded(rect: QRectF, radius: float) -> QPainterPath:
    path = QPainterPath()
    path.addRoundedRect(rect, radius, radius)
    return path


class Text(QGraphicsSimpleTextItem):
    """A text item that keeps itself centred on (cx, cy) in its parent's coordinates."""

    def __init__(self, parent: QGraphicsItem | None, font, color: QColor, cx=0.0, cy=0.0):
        super().__init__(parent)
        self.setFont(font)
        self.setBrush(QBrush(color))
        self.cx, self.cy = cx, cy

    def set(self, text: str) -> None:
        if text != self.text():
            self.setText(text)
            br = self.boundingRect()
            self.setPos(self.cx - br.width() / 2, self.cy - br.height() / 2)


class Caption(QGraphicsPathItem):
    """"a₁⁽²⁾" by a unit, on a translucent pill of the background's colour so edges
    passing beneath it do not strike through the letters. `align`: "center" (on its
    position), "left" (starting there) or "right" (ending there)."""

    def __init__(self, parent: QGraphicsItem, sty, x: float, y: float, align: str = "center"):
        super().__init__(parent)
        self.setPen(Qt.NoPen)
        self.setBrush(sty.pill)
        self.setPos(x, y)
        self.align = align
        self.label = QGraphicsSimpleTextItem(self)
        self.label.setFont(sty.caption_font)
        self.label.setBrush(QBrush(sty.soft_ink))

    def set(self, text: str) -> None:
        if text == self.label.text():
            return
        self.label.setText(text)
        br = self.label.boundingRect()
        w, h = br.width() + 10, br.height() + 2
        left = {"center": -w / 2, "left": 0.0, "right": -w}[self.align]
        self.label.setPos(left + 5, -br.height() / 2)
        self.setPath(_rounded(QRectF(left, -h / 2, w, h), h / 2))


class NodeItem(QGraphicsEllipseItem):
    """A unit: a circle filled by its value, the value as signed text, a caption below."""

    def __init__(self, sty, l: int, j: int, x: float, y: float,
                 caption_at: tuple[float, float, str] | None = None):
        r = sty.R
        super().__init__(-r, -r, 2 * r, 2 * r)
        self.key = ("unit", l, j)
        self.l, self.j = l, j
        self.setPos(x, y)
        self.setZValue(Z_NODE)
        self.value = Text(self, sty.value_font, sty.ink)
        self.caption = Caption(self, sty, *(caption_at or (0.0, sty.CAPTION_DY, "center")))
        self.setCursor(Qt.PointingHandCursor)

    def set_value(self, text: str, fill: QBrush, ink: QBrush) -> None:
        self.setBrush(fill)
        self.value.setBrush(ink)
        self.value.set(text)

    @property
    def fill(self) -> QColor:
        return self.brush().color()

    @property
    def text(self) -> str:
        return self.value.text()


class BiasItem(QGraphicsRectItem):
    """The bias unit a₀⁽ˡ⁾ = 1: a "+1" square; it is never coloured (always 1)."""

    def __init__(self, sty, l: int, x: float, y: float, caption: str,
                 caption_at: tuple[float, float, str] | None = None):
        b = sty.BIAS
        super().__init__(-b, -b, 2 * b, 2 * b)
        self.key = ("unit", l, 0)
        self.l, self.j = l, 0
        self.setPos(x, y)
        self.setZValue(Z_NODE)
        self.setBrush(QBrush(sty.bias_fill))
        self.setPen(QPen(sty.node_outline, sty.NODE_PEN_WIDTH))
        self.value = Text(self, sty.bias_font, sty.ink)
        self.value.set("+1")
        dx, dy, align = caption_at or (0.0, sty.CAPTION_DY, "center")
        shrink = sty.R - sty.BIAS   # the square is smaller than a unit: keep captions close
        self.caption = Caption(self, sty, dx + (shrink if dx < 0 else -shrink if dx > 0 else 0),
                               dy - shrink if align == "center" else dy, align)
        self.caption.set(caption)
        self.setCursor(Qt.PointingHandCursor)


class EdgeItem(QGraphicsLineItem):
    """Θ⁽ˡ⁾ᵢⱼ from unit j of layer l to unit i of layer l + 1. The line is drawn by Qt; the
    hit shape is a HIT-wide band around it so a thin edge is easy to click."""

    HIT = 16.0

    def __init__(self, l: int, i: int, j: int, p1: QPointF, p2: QPointF, max_w: float):
        super().__init__(QLineF(p1, p2))
        self.key = ("edge", l, i, j)
        self.l, self.i, self.j = l, i, j
        self.faded = False          # washed out: not carrying the current step's values
        self.setZValue(Z_EDGE)
        path = QPainterPath(p1)
        path.lineTo(p2)
        stroker = QPainterPathStroker()
        stroker.setWidth(self.HIT)
        stroker.setCapStyle(Qt.FlatCap)
        self._shape = stroker.createStroke(path)
        pad = max(self.HIT, max_w) / 2 + 2
        self._bounds = QRectF(p1, p2).normalized().adjusted(-pad, -pad, pad, pad)
        self.setCursor(Qt.PointingHandCursor)

    def shape(self) -> QPainterPath:
        return self._shape

    def boundingRect(self) -> QRectF:
        return self._bounds

    def distance(self, p: QPointF) -> float:
        """Distance from scene point p to the segment (to pick among crossing edges)."""
        line = self.line()
        d = line.p2() - line.p1()
        n2 = d.x() ** 2 + d.y() ** 2
        t = 0.0 if n2 == 0 else max(0.0, min(1.0, QPointF.dotProduct(p - line.p1(), d) / n2))
        q = line.p1() + d * t
        return ((p.x() - q.x()) ** 2 + (p.y() - q.y()) ** 2) ** 0.5


class MoreItem(QGraphicsRectItem):
    """"… 54 more" between the first and last shown units of a collapsed layer."""

    def __init__(self, sty, l: int, n: int, x: float, y: float):
        super().__init__()
        self.key = ("more", l)
        self.setPen(Qt.NoPen)
        self.setPos(x, y)
        self.setZValue(Z_LABEL)
        self.label = Text(self, sty.more_font, sty.soft_ink)
        self.label.set(f"… {n} more")
        br = self.label.mapRectToParent(self.label.boundingRect()).adjusted(-8, -4, 8, 4)
        self.setRect(br)
        self.setBrush(sty.pill)
        self.setToolTip(f"{n} units of this layer are not drawn (the first and last "
                        f"{st.COLLAPSE_SHOW} are)")


class HeaderItem(QGraphicsRectItem):
    """The layer's title in two short lines, "Layer 2" over "sigmoid ▾" (header_lines),
    the whole title ("Layer 2 · a⁽²⁾ · sigmoid") in the tooltip. Clicking it opens the
    activation menu of hidden and output layers."""

    def __init__(self, sty, l: int, lines: tuple[str, str], title: str, x: float,
                 bottom: float, clickable: bool):
        super().__init__()
        self.key = ("header", l)
        self.sty = sty
        self.setPen(Qt.NoPen)
        self.setZValue(Z_LABEL)
        h1 = QFontMetricsF(sty.header_font).height()
        h2 = QFontMetricsF(sty.subheader_font).height()
        self.line1 = Text(self, sty.header_font, sty.ink, 0.0, -h2 - h1 / 2)
        self.line2 = Text(self, sty.subheader_font, sty.ink, 0.0, -h2 / 2)
        self.line1.set(lines[0])
        self.line2.set(lines[1] + (" ▾" if clickable else ""))
        self.setPos(x, bottom)
        rect = self.childrenBoundingRect().adjusted(-6, -2, 6, 2)
        self.setRect(rect)
        self.setBrush(QColor(0, 0, 0, 0))
        if clickable:
            self.setCursor(Qt.PointingHandCursor)
            self.setToolTip(f"{title}. Click: choose the activation g of this layer. "
                            "Right-click: edit the layer.")
        else:
            self.setToolTip(f"{title}. Right-click: edit the network")

    def set_active(self, active: bool) -> None:
        brush = QBrush(self.sty.accent if active else self.sty.ink)
        self.line1.setBrush(brush)
        self.line2.setBrush(brush)


class ButtonItem(QGraphicsPathItem):
    """A small rounded button drawn in the scene ("+", "−", "+ layer")."""

    def __init__(self, sty, text: str, tip: str, callback, x: float, y: float,
                 width: float | None = None):
        self.sty = sty
        self.label_font = sty.button_font
        height = sty.BUTTON_H
        if width is None:   # as wide as the text needs, at least round
            width = max(height, QFontMetricsF(sty.button_font).horizontalAdvance(text) + 24)
        super().__init__(_rounded(QRectF(-width / 2, -height / 2, width, height), height / 2))
        self.key = ("button", callback)
        self.callback = callback
        self.setPos(x, y)
        self.setZValue(Z_LABEL)
        self._normal()
        self.label = Text(self, sty.button_font, sty.soft_ink)
        self.label.set(text)
        self.setToolTip(tip)
        self.setCursor(Qt.PointingHandCursor)
        self.setAcceptHoverEvents(True)

    def _normal(self) -> None:
        self.setBrush(QBrush(self.sty.button_fill))
        self.setPen(QPen(self.sty.button_edge, 1.5 * self.sty.look.stroke))

    def hoverEnterEvent(self, event) -> None:
        self.setBrush(QBrush(self.sty.button_hover))
        self.setPen(QPen(self.sty.accent, 2.0 * self.sty.look.stroke))
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        self._normal()
        super().hoverLeaveEvent(event)


class Band(QGraphicsPathItem):
    """The accent band behind the layer the current micro-step computes."""

    def __init__(self, sty, rect: QRectF):
        super().__init__(_rounded(rect, 26))
        self.setZValue(Z_BAND)
        self.setBrush(QBrush(sty.accent_band))
        self.setPen(QPen(sty.accent_band_edge, 2.0 * sty.look.stroke))
        self.setVisible(False)
