"""The network canvas: `CanvasView(session)`, a QGraphicsView over its own scene."""

from .view import EDGE_MODES, NODE_MODES, CanvasView

__all__ = ["EDGE_MODES", "NODE_MODES", "CanvasView"]
