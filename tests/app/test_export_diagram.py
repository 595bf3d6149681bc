"""File ▸ Export diagram: PNG, SVG and PDF files, opened again and checked; the exported
picture shows no editing controls and leaves no room where they were; the legend is
drawn in; the window's own canvas is left as it was."""

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage

from app.canvas import CanvasView
from app.canvas.figure import MARGIN, make_figure
from app.export_diagram import DiagramOptions, write_diagram
from app.theme import LIGHT

SVG = "{http://www.w3.org/2000/svg}"
BUTTON_TEXTS = {"+ layer", "+", "−", "units"}


def pixels(path) -> np.ndarray:
    """The PNG at `path` as an (h, w, 4) array of B, G, R, A (straight alpha)."""
    img = QImage(str(path)).convertToFormat(QImage.Format_ARGB32)
    h, w = img.height(), img.width()
    raw = np.frombuffer(img.constBits(), np.uint8).reshape(h, img.bytesPerLine())
    return raw[:, :4 * w].reshape(h, w, 4).copy()


def ink_box(px: np.ndarray, background: QColor) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) margins: blank rows and columns on each side, blank
    meaning the background colour (or fully transparent)."""
    bg = np.array([background.blue(), background.green(), background.red()])
    ink = (np.abs(px[..., :3].astype(int) - bg).max(axis=2) > 8) & (px[..., 3] > 8)
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    h, w = ink.shape
    return cols[0], rows[0], w - 1 - cols[-1], h - 1 - rows[-1]


def svg_texts(path) -> list[str]:
    root = ET.parse(path).getroot()
    return ["".join(e.itertext()) for e in root.iter(SVG + "text")]


BACKGROUND = QColor(LIGHT.background)   # the figure's default theme


@pytest.fixture
def stepped(session):
    """The seed's 2-2-2-1 on XOR, two micro-steps in (forward 2, forward 3)."""
    session.step()
    session.step()
    return session


def test_png_is_scale_times_the_figure_and_a_transparent_corner_is_transparent(
        stepped, tmp_path):
    figure = make_figure(stepped)
    w, h = figure.rect.width(), figure.rect.height()
    figure.close()
    for scale in (1, 2, 3):
        path = write_diagram(stepped, tmp_path / f"net{scale}.png",
                             DiagramOptions(scale=scale, transparent=True))
        img = QImage(str(path))
        assert (img.width(), img.height()) == (round(w * scale), round(h * scale))
        assert img.pixelColor(0, 0).alpha() == 0
        assert img.pixelColor(img.width() - 1, img.height() - 1).alpha() == 0
    path = write_diagram(stepped, tmp_path / "opaque.png", DiagramOptions(scale=1))
    assert QImage(str(path)).pixelColor(0, 0) == BACKGROUND


def test_no_room_is_left_where_the_edit_controls_were(stepped, tmp_path):
    # without the legend the picture is the network's ink and the same margin on all sides;
    # the buttons' row (with its gap, ~70 px) would show as a deeper bottom margin
    path = write_diagram(stepped, tmp_path / "bare.png",
                         DiagramOptions(scale=1, legend=False))
    margins = ink_box(pixels(path), BACKGROUND)
    assert all(MARGIN - 4 <= m <= MARGIN + 8 for m in margins), margins   # text leading
    assert abs(margins[3] - margins[1]) <= 6     # as deep at the bottom as at the top


def test_svg_has_layer_labels_and_values_as_text_and_no_button_text(stepped, tmp_path):
    path = write_diagram(stepped, tmp_path / "net.svg", DiagramOptions(format="svg"))
    texts = svg_texts(path)
    for l in (1, 2, 3, 4):
        assert f"Layer {l}" in texts
    assert not BUTTON_TEXTS & set(texts)
    assert not any("▾" in t for t in texts)
    # the values the forward steps computed, as the canvas writes them: a⁽²⁾ = g(Θ⁽¹⁾x)
    s = stepped.stepper
    x = s.X[s.example]
    a2 = 1 / (1 + np.exp(-(s.thetas[0] @ np.concatenate(([1.0], x)))))
    for v in a2:
        assert f"{v:+.3f}".replace("-", "−") in texts
    # the legend is in the picture
    joined = " ".join(texts)
    assert "units:" in joined and "edges:" in joined and "width ∝ |value|" in texts


def test_svg_without_values_or_legend(stepped, tmp_path):
    path = write_diagram(stepped, tmp_path / "bare.svg",
                         DiagramOptions(format="svg", values=False, legend=False))
    texts = svg_texts(path)
    assert "Layer 2" in texts
    assert not [t for t in texts if re.fullmatch(r"[+−]\d\.\d{3}", t)]
    assert not any(t.startswith(("units:", "edges:")) for t in texts)


def test_pdf_has_one_page(stepped, tmp_path):
    path = write_diagram(stepped, tmp_path / "net.pdf", DiagramOptions(format="pdf"))
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", data)) == 1


def test_plain_leaves_units_uncoloured(session, tmp_path):
    for _ in range(6):             # to the output error: every unit has a value
        session.step()
    centre = {}
    for colour in (True, False):
        figure = make_figure(session, values=False, colour=colour)
        node = figure.view.node_item(4, 1)
        centre[colour] = node.scenePos() - figure.rect.topLeft()
        figure.close()
        path = write_diagram(session, tmp_path / f"c{colour}.png",
                             DiagramOptions(scale=1, values=False, colour=colour))
        img = QImage(str(path))
        centre[colour] = img.pixelColor(round(centre[colour].x()), round(centre[colour].y()))
    assert centre[False] == BACKGROUND
    assert centre[True] != BACKGROUND


def test_the_windows_canvas_is_left_alone(stepped, tmp_path):
    canvas = CanvasView(stepped)
    stepped.select(("unit", 2, 1))
    write_diagram(stepped, tmp_path / "net.svg", DiagramOptions(format="svg"))
    items = canvas.items_for_tests
    assert all(b.isVisible() for b in items["buttons"])
    assert items["headers"][2].line2.text().endswith("▾")
    stepped.step()      # the figure's own canvas is gone: nothing listens in its place
    assert canvas.node_item(4, 1).text != "·"


def test_bad_options_are_named(stepped, tmp_path):
    with pytest.raises(ValueError, match="scale"):
        write_diagram(stepped, tmp_path / "x.png", DiagramOptions(scale=9))
    with pytest.raises(ValueError, match="jpg"):
        write_diagram(stepped, tmp_path / "x.jpg", DiagramOptions(format="jpg"))
