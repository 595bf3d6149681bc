"""Export the plots: a pyqtgraph panel through QSvgGenerator / QPdfWriter / QImage, as
vectors with real text, and a PNG at 3× drawn three times as thick, not just larger."""

import math
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage

import bpengine as bp
from app.export_plots import FIGURE_SIZE, item_picture, write_panel, write_plots
from app.export_render import image
from app.plots import CostPlots
from app.session import Session
from app.theme import LIGHT
from tests.app.conftest import shown

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def trained(qapp):
    """XOR after 40 updates (no symbols on the curves beyond 30 points)."""
    model = bp.StudioModel()
    for _ in range(40):
        model.next_batch()
    return Session(model=model)


def svg_text(root) -> str:
    """All the SVG's text in document order (Qt splits a line where the font changes)."""
    return "".join("".join(e.itertext()) for e in root.iter(SVG + "text"))


def count(path_or_image, colour: str, tol: int = 40) -> int:
    img = path_or_image if isinstance(path_or_image, QImage) else QImage(str(path_or_image))
    img = img.convertToFormat(QImage.Format_ARGB32)
    h, w = img.height(), img.width()
    px = np.frombuffer(img.constBits(), np.uint8).reshape(h, img.bytesPerLine())[:, :4 * w]
    px = px.reshape(h, w, 4).astype(int)
    c = QColor(colour)
    want = np.array([c.blue(), c.green(), c.red()])
    return int(((np.abs(px[..., :3] - want).max(axis=2) < tol) & (px[..., 3] > 200)).sum())


BLUE = QColor(LIGHT.cost).name()          # the J curve's colour in the light theme
GREEN = QColor(LIGHT.accuracy).name()


def test_the_svg_is_vector_with_text(qtbot, trained, tmp_path):
    plots = shown(qtbot, CostPlots(trained), 500, 420)
    path = write_plots(plots, tmp_path / "plots.svg", "svg")
    root = ET.parse(path).getroot()
    texts = svg_text(root)
    for label in ("update", "accuracy", "J(Θ) per batch", "J so far", "cost(i)", "Cost J(Θ)"):
        assert label in texts
    assert not list(root.iter(SVG + "image"))          # nothing pasted in as a raster
    strokes = {e.get("stroke") for e in root.iter()}
    assert BLUE in strokes                              # the J curve, as a path


def test_the_png_is_the_view_at_scale_and_lines_scale_with_it(qtbot, trained, tmp_path):
    plots = shown(qtbot, CostPlots(trained), 500, 420)
    one = write_plots(plots, tmp_path / "one.png", "png", scale=1)
    three = write_plots(plots, tmp_path / "three.png", "png", scale=3)
    a, b = QImage(str(one)), QImage(str(three))
    vp = plots.viewport().size()
    assert (a.width(), a.height()) == (vp.width(), vp.height())
    assert (b.width(), b.height()) == (3 * vp.width(), 3 * vp.height())
    # a curve as thick at 3× as on screen would hold ~3× the blue pixels; drawn 3× as
    # thick, ~9×
    ratio = count(three, BLUE) / count(one, BLUE)
    assert 6.5 < ratio < 11, ratio


def test_pdf_and_a_transparent_png(qtbot, trained, tmp_path):
    plots = shown(qtbot, CostPlots(trained), 500, 420)
    pdf = write_plots(plots, tmp_path / "plots.pdf", "pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == 1
    png = QImage(str(write_plots(plots, tmp_path / "t.png", "png", 1, transparent=True)))
    assert png.pixelColor(0, 0).alpha() == 0
    assert QImage(str(write_plots(plots, tmp_path / "w.png", "png", 1))).pixelColor(0, 0) \
        == QColor("#ffffff")


def test_a_fresh_panel_at_figure_size_leaves_the_windows_alone(qtbot, trained, tmp_path):
    plots = shown(qtbot, CostPlots(trained), 360, 300)     # a short dock: no titles
    before = plots.size()
    path = write_panel(lambda: CostPlots(trained), tmp_path / "fig.svg", "svg")
    assert "Cost J(Θ) · last" in svg_text(ET.parse(path).getroot())   # titles at this size
    assert plots.size() == before and not plots._titles_shown
    png = QImage(str(write_panel(lambda: CostPlots(trained), tmp_path / "fig.png", "png", 2)))
    assert (png.width(), png.height()) == (2 * FIGURE_SIZE.width(), 2 * FIGURE_SIZE.height())
    trained.step()          # the export's panel is gone with its connections


def test_one_plot_item_alone(qtbot, trained):
    plots = shown(qtbot, CostPlots(trained), 500, 420)
    picture = item_picture(plots.acc)
    img = image(picture, 2)
    rect = plots.acc.sceneBoundingRect()
    assert (img.width(), img.height()) == (math.ceil(2 * rect.width()),
                                           math.ceil(2 * rect.height()))
    assert count(img, GREEN) > 0 and count(img, BLUE) == 0   # accuracy, not cost
