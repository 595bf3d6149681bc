"""File ▸ Export diagram… and Edit ▸ Copy diagram: the network as PNG, SVG or PDF.

`DiagramOptions` holds the choices (format, PNG scale 1×–4×, transparent or the canvas's
background, with or without values, with or without the legend, current colouring or
plain); `diagram_picture(session, options)` is the figure (app/canvas/figure.py: no editing
controls, the legend drawn in) as a Picture for app/export_render.py; `write_diagram` and
`copy_diagram` write it to a file or put it on the clipboard as PNG and SVG. The window's
canvas is never touched: the figure has a canvas of its own, freed once drawn.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from PySide6.QtCore import QMimeData, QSizeF

from app import export_render as render
from app.canvas.figure import make_figure

SVG_MIME = "image/svg+xml"


@dataclass(frozen=True)
class DiagramOptions:
    """format: "png", "svg" or "pdf"; scale: the PNG's size factor, 1 … 4; transparent:
    no background (else the canvas's); values: numbers inside the units; legend: the
    colour scales under the network (with colour only); colour: the current colouring, or
    plain (outlined units, uniform edges)."""

    format: str = "png"
    scale: float = 2.0
    transparent: bool = False
    values: bool = True
    legend: bool = True
    colour: bool = True

    def checked(self) -> DiagramOptions:
        """These options with the format normalised; ValueError naming a bad one."""
        return replace(self, format=render.check_format(self.format),
                       scale=render.check_scale(self.scale))

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data) -> DiagramOptions:
        """Options saved by to_dict (QSettings); unknown keys and bad values are dropped."""
        base = cls()
        if not isinstance(data, dict):
            return base
        known = {k: v for k, v in data.items() if k in base.to_dict()}
        try:
            return replace(base, **known).checked()
        except (TypeError, ValueError):
            return base


@contextmanager
def diagram_picture(session, options: DiagramOptions = DiagramOptions(),
                    look=None) -> Iterator:
    """The session's network at its current step as a render.Picture, for the duration of
    the `with` block (its figure canvas is freed afterwards); `look`: the theme to draw in
    (default light)."""
    options = options.checked()
    figure = make_figure(session, values=options.values, colour=options.colour,
                         legend=options.legend, transparent=options.transparent, look=look)
    try:
        rect = figure.rect
        yield render.Picture(figure.scene, rect, QSizeF(rect.width(), rect.height()),
                             None if options.transparent else figure.background,
                             title=f"Backprop Studio: {'-'.join(map(str, session.sizes))} "
                                   f"network, step {session.k}")
    finally:
        figure.close()


def write_diagram(session, path: str | Path, options: DiagramOptions = DiagramOptions(),
                  look=None) -> Path:
    """Write the diagram to `path` in options.format. OSError when it cannot be written."""
    options = options.checked()
    with diagram_picture(session, options, look) as picture:
        return render.write(picture, path, options.format, options.scale)


def diagram_mime(session, options: DiagramOptions = DiagramOptions(),
                 look=None) -> QMimeData:
    """The diagram for the clipboard: as an image (PNG at options.scale) and as SVG."""
    options = options.checked()
    mime = QMimeData()
    with diagram_picture(session, options, look) as picture:
        img = render.image(picture, options.scale)
        mime.setImageData(img)
        mime.setData("image/png", render.png_bytes(img))
        mime.setData(SVG_MIME, render.svg_bytes(picture))
    return mime


def copy_diagram(session, clipboard, options: DiagramOptions = DiagramOptions(),
                 look=None) -> None:
    """Edit ▸ Copy diagram: put it on `clipboard` (QGuiApplication.clipboard())."""
    clipboard.setMimeData(diagram_mime(session, options, look))
