"""File ▸ Export plots…: a plot panel as PNG, SVG or PDF.

`write_plots(view, …)` draws a view as it is; `write_panel(make, …)` makes a fresh panel
with `make()` (e.g. lambda: CostPlots(session)) at a figure's size, FIGURE_SIZE, offscreen.
Generic over what pyqtgraph draws in: a QGraphicsView (a GraphicsLayoutWidget such as the
cost and accuracy panel, app/plots.py, or any later panel: matrices, decision boundary)
drawn as it shows, or one item of a scene (a single PlotItem) by its bounding rect.
pyqtgraph 0.14's SVGExporter fails on current Qt, so the scene goes through the same
QSvgGenerator / QPdfWriter / QImage writers as the diagram (app/export_render.py), which
also put pyqtgraph's items in export mode and widen its cosmetic pens in a 2×–4× PNG.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QSize, QSizeF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView

from app import export_render as render

WHITE = QColor("#ffffff")
FIGURE_SIZE = QSize(800, 560)   # px at 1×: a figure's proportions, whatever the dock's


def view_background(view: QGraphicsView) -> QColor:
    """What the view paints behind its scene (pyqtgraph's setBackground), else white."""
    brush = view.backgroundBrush()
    if brush.style() != Qt.NoBrush:
        return QColor(brush.color())
    brush = view.scene().backgroundBrush()
    return QColor(brush.color()) if brush.style() != Qt.NoBrush else WHITE


def view_picture(view: QGraphicsView, transparent: bool = False,
                 title: str = "Backprop Studio plots") -> render.Picture:
    """Everything the view shows, at the view's size: its viewport mapped into the scene."""
    viewport = view.viewport().rect()
    source = view.mapToScene(viewport).boundingRect()
    return render.Picture(view.scene(), source, QSizeF(viewport.width(), viewport.height()),
                          None if transparent else view_background(view), title)


def item_picture(item: QGraphicsItem, background: QColor | None = WHITE,
                 title: str = "Backprop Studio plot") -> render.Picture:
    """One item (a PlotItem, say) and its children, at its size on screen."""
    rect = item.sceneBoundingRect()
    return render.Picture(item.scene(), rect, QSizeF(rect.width(), rect.height()), background,
                          title)


def write_plots(view: QGraphicsView, path: str | Path, fmt: str, scale: float = 2.0,
                transparent: bool = False) -> Path:
    """Write what `view` shows to `path` as fmt ("png" at `scale`, "svg", "pdf")."""
    return render.write(view_picture(view, transparent), path, fmt, scale)


@contextmanager
def offscreen_panel(make: Callable[[], QGraphicsView],
                    size: QSize = FIGURE_SIZE) -> Iterator[QGraphicsView]:
    """A panel made by `make` for the export, laid out at `size` and never shown on screen
    (the window's panel keeps its dock's size: a narrow, short dock drops the titles);
    deleted afterwards, and its connections to the session with it."""
    panel = make()
    panel.setAttribute(Qt.WA_DontShowOnScreen, True)
    panel.resize(size)
    panel.show()
    QCoreApplication.sendPostedEvents()       # its resize and layout requests
    try:
        yield panel
    finally:
        panel.close()
        if shiboken6.isValid(panel):
            shiboken6.delete(panel)


def write_panel(make: Callable[[], QGraphicsView], path: str | Path, fmt: str,
                scale: float = 2.0, transparent: bool = False,
                size: QSize = FIGURE_SIZE) -> Path:
    """A fresh panel from `make` at `size`, written to `path` (see write_plots)."""
    render.check_format(fmt)
    with offscreen_panel(make, size) as panel:
        return write_plots(panel, path, fmt, scale, transparent)
