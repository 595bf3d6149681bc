"""Drawing a region of a QGraphicsScene into a PNG, an SVG or a PDF.

One `Picture` (a scene, the region of it to draw, the size it is drawn at, a background or
None for transparent) and three writers: `image` (a QImage at 1×–4×), `svg_bytes`
(Qt's QSvgGenerator: vector, labels as <text>) and `write_pdf` (QPdfWriter: one vector
page of the picture's size). Both the network diagram and the plots use them; pyqtgraph
0.14's own SVGExporter fails on current Qt, so plots are drawn through QSvgGenerator too.

Units: one scene unit is one CSS pixel (1/96 inch) at 1×, so an SVG or a PDF of a picture
W × H has the physical size of the PNG at 1× on a 96-dpi screen.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontInfo,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

FORMATS = ("png", "svg", "pdf")
SCALES = (1.0, 4.0)          # the PNG scales offered (inclusive range)
CSS_DPI = 96.0
POINTS_PER_PX = 72.0 / CSS_DPI


@dataclass
class Picture:
    """scene: what to draw; source: the scene region; size: the drawn size in px at 1×
    (source.size() unless a view maps the scene otherwise); background: a fill, or None
    for a transparent picture; title: the SVG/PDF title."""

    scene: QGraphicsScene
    source: QRectF
    size: QSizeF
    background: QColor | None
    title: str = "Backprop Studio"

    def pixel_size(self, scale: float = 1.0) -> QSize:
        """The PNG's size at `scale`: W·scale × H·scale, rounded up to whole pixels."""
        return QSize(math.ceil(self.size.width() * scale - 1e-9),
                     math.ceil(self.size.height() * scale - 1e-9))


def check_format(fmt: str) -> str:
    fmt = str(fmt).lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"a picture is exported as {', '.join(FORMATS)}, not “{fmt}”")
    return fmt


def check_scale(scale) -> float:
    lo, hi = SCALES
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) \
            or not math.isfinite(scale) or not lo <= scale <= hi:
        raise ValueError(f"the PNG scale must be a number from {lo:g} to {hi:g}, not {scale!r}")
    return float(scale)


class _ScaledPens(QPainter):
    """A painter that widens cosmetic pens by `factor`.

    pyqtgraph draws with cosmetic pens (widths in device pixels, whatever the transform):
    in a PNG at 3× they would come out a third as thick as on screen. Its items paint in
    Python and call setPen on this very painter, so widening here scales them all."""

    def __init__(self, device, factor: float):
        super().__init__(device)
        self.factor = factor

    def setPen(self, pen, *args):
        if self.factor != 1.0 and isinstance(pen, QPen) and pen.isCosmetic():
            pen = QPen(pen)
            pen.setWidthF(max(pen.widthF(), 1.0) * self.factor)
        return super().setPen(pen, *args)


@contextmanager
def exporting(scene: QGraphicsScene, factor: float = 1.0) -> Iterator[None]:
    """While drawing: no item caches (a cached item would be pasted as a 1× pixmap, blurry
    in a PNG at 4× and a raster in an SVG); pyqtgraph items in export mode (symbols drawn
    as paths); axis pens `factor` times as wide (an axis replays a recorded picture, out of
    reach of _ScaledPens); the scene's own background off (the writer paints it)."""
    items = scene.items()
    caches = [(item, item.cacheMode()) for item in items]
    axes = [(item, item.pen()) for item in items if isinstance(item, pg.AxisItem)]
    background = scene.backgroundBrush()
    try:
        scene.setBackgroundBrush(Qt.NoBrush)
        for item, _mode in caches:
            item.setCacheMode(QGraphicsItem.NoCache)
        for item in items:
            if hasattr(item, "setExportMode"):
                item.setExportMode(True, {"antialias": True, "resolutionScale": 1.0})
        for axis, pen in axes:
            wide = QPen(pen)
            wide.setWidthF(max(pen.widthF(), 1.0) * factor)
            axis.setPen(wide)
        yield
    finally:
        for axis, pen in axes:
            axis.setPen(pen)
        for item in items:
            if hasattr(item, "setExportMode"):
                item.setExportMode(False)
        for item, mode in caches:
            item.setCacheMode(mode)
        scene.setBackgroundBrush(background)


def paint(picture: Picture, painter: QPainter) -> None:
    """The background (if any), then the scene's region, into (0, 0, W, H)."""
    painter.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing
                           | QPainter.SmoothPixmapTransform)
    target = QRectF(0.0, 0.0, picture.size.width(), picture.size.height())
    if picture.background is not None:
        painter.fillRect(target, picture.background)
    picture.scene.render(painter, target, picture.source, Qt.IgnoreAspectRatio)


def image(picture: Picture, scale: float = 1.0) -> QImage:
    """The picture as an ARGB image of pixel_size(scale), transparent where nothing is
    drawn when picture.background is None; its resolution says 96 × scale dpi, so it prints
    (and a word processor places it) at the size of the 1× picture."""
    scale = check_scale(scale)
    px = picture.pixel_size(scale)
    img = QImage(px, QImage.Format_ARGB32_Premultiplied)
    img.fill(Qt.transparent)
    img.setDevicePixelRatio(scale)     # the painter draws in 1× units
    painter = _ScaledPens(img, scale)
    try:
        with exporting(picture.scene, scale):
            paint(picture, painter)
    finally:
        painter.end()
    img.setDevicePixelRatio(1.0)
    dots_per_metre = round(CSS_DPI * scale / 0.0254)
    img.setDotsPerMeterX(dots_per_metre)
    img.setDotsPerMeterY(dots_per_metre)
    return img


def png_bytes(picture: Picture | QImage, scale: float = 1.0) -> bytes:
    """The picture at `scale` (or an image already drawn) as PNG file bytes."""
    img = picture if isinstance(picture, QImage) else image(picture, scale)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    img.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def svg_bytes(picture: Picture) -> bytes:
    """The picture as SVG: shapes as paths, labels and values as <text>."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buffer)
    w, h = picture.size.width(), picture.size.height()
    gen.setSize(QSize(math.ceil(w), math.ceil(h)))
    gen.setViewBox(QRectF(0.0, 0.0, w, h))
    gen.setResolution(int(CSS_DPI))
    gen.setTitle(picture.title)
    gen.setDescription("Exported from Backprop Studio")
    painter = _ScaledPens(gen, 1.0)
    try:
        with exporting(picture.scene):
            paint(picture, painter)
    finally:
        painter.end()
    buffer.close()
    return css_font_families(bytes(data))


_FAMILY = re.compile(rb'font-family="([^"]*)"')


def css_font_families(svg: bytes) -> bytes:
    """Name real fonts in the SVG: Qt writes the family asked for ("Sans Serif", a
    fontconfig alias no browser knows: it would fall back to a serif font); this writes
    the family Qt actually used, then the CSS generic "sans-serif"."""
    names: dict[bytes, bytes] = {}

    def css(match: re.Match) -> bytes:
        asked = match.group(1)
        if asked not in names:
            used = QFontInfo(QFont(asked.decode())).family()
            families = [f for f in (used, asked.decode()) if f and f.lower() != "sans serif"]
            names[asked] = ", ".join(dict.fromkeys([*families, "sans-serif"])).encode()
        return b'font-family="' + names[asked] + b'"'
    return _FAMILY.sub(css, svg)


def write_pdf(picture: Picture, path: str | Path) -> None:
    """One page exactly the picture's size (W·0.75 × H·0.75 pt), no margins; text stays
    text, shapes stay vectors."""
    w, h = picture.size.width(), picture.size.height()
    writer = QPdfWriter(str(path))
    writer.setResolution(int(CSS_DPI))
    writer.setTitle(picture.title)
    writer.setCreator("Backprop Studio")
    size = QPageSize(QSizeF(w * POINTS_PER_PX, h * POINTS_PER_PX), QPageSize.Point, "",
                     QPageSize.ExactMatch)
    writer.setPageLayout(QPageLayout(size, QPageLayout.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = _ScaledPens(writer, 1.0)
    if not painter.isActive():
        raise OSError(f"cannot write the PDF {path}")
    try:
        with exporting(picture.scene):
            paint(picture, painter)
    finally:
        painter.end()


def write(picture: Picture, path: str | Path, fmt: str, scale: float = 1.0) -> Path:
    """Write the picture to `path` as fmt ("png" at `scale`, "svg", "pdf"). OSError when
    the file cannot be written."""
    fmt, path = check_format(fmt), Path(path)
    if fmt == "png":
        data = png_bytes(picture, scale)
    elif fmt == "svg":
        data = svg_bytes(picture)
    else:
        write_pdf(picture, path)
        return path
    path.write_bytes(data)
    return path
