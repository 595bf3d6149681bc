"""The Matrices panel: the engine's Θ, Δ and D as images, the Δ cells an accumulate step
changes, and selection between a cell and a canvas edge in both directions."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from app.main_window import MainWindow
from app.matrices import MatricesPanel
from app.matrix_items import WASH_ALPHA
from app.session import Session
from bpengine.config import StudioConfig
from tests.app.conftest import shown


@pytest.fixture
def panel(qtbot):
    session = Session(StudioConfig(hidden=(3, 2), acts=("relu", "sigmoid", "sigmoid")))
    return shown(qtbot, MatricesPanel(session), 700, 560)


def cell_pos(panel, l, q, r, c):
    """The viewport position of the centre of cell (r, c) of a heatmap."""
    vb = panel.plot_of(l, q).plot.getViewBox()
    scene = vb.mapViewToScene(QPointF(c + 0.5, r + 0.5))
    return panel.view.mapFromScene(scene)


def test_the_heatmaps_show_the_engines_values(panel):
    s = panel.session
    for _ in range(2):
        s.next_batch()
    s.next_example()
    st = s.stepper
    for l in range(1, s.L):
        for q, arrays in (("theta", st.thetas), ("Delta", st.Deltas), ("D", st.D)):
            shown_image = panel.plot_of(l, q).image.image
            assert shown_image.shape == arrays[l - 1].shape
            np.testing.assert_array_equal(shown_image, arrays[l - 1])
    # the numbers printed in the cells read back as the values (to their two decimals)
    texts = panel.plot_of(1, "theta").texts.texts
    values = [float(t.replace("−", "-")) for t in texts]
    np.testing.assert_allclose(values, st.thetas[0].ravel(), atol=0.0051)
    # one symmetric scale per quantity, covering its largest |value|
    lo, hi = panel.bars["theta"].levels()
    assert lo == -hi and hi >= max(float(np.abs(t).max()) for t in st.thetas)


def test_D_is_shown_as_not_computed_before_the_first_gradient(panel):
    mp = panel.plot_of(1, "D")
    assert mp.note.isVisible() and not np.any(mp.image.image)
    panel.session.next_batch()
    assert not mp.note.isVisible()
    np.testing.assert_array_equal(mp.image.image, panel.session.stepper.D[0])


def test_the_cells_an_accumulate_step_changes_are_marked(panel):
    s = panel.session
    seen_unchanged = False
    for _ in range(4):                       # the four XOR examples, x = (0, 0) among them
        while s.stepper.peek().kind != "accumulate":
            s.step()
            assert all(panel.plot_of(l, "Delta").changed is None for l in range(1, s.L))
        before = [np.array(D) for D in s.stepper.Deltas]
        s.step()
        for l in range(1, s.L):
            changed = s.stepper.Deltas[l - 1] != before[l - 1]     # what the step changed
            mp = panel.plot_of(l, "Delta")
            np.testing.assert_array_equal(mp.changed, changed)
            alpha = mp.unchanged_wash.image[:, :, 3]
            assert np.all(alpha[changed] == 0) and np.all(alpha[~changed] == WASH_ALPHA)
            seen_unchanged |= not changed.all()
    assert seen_unchanged


def test_clicking_a_cell_selects_its_weight_and_a_selection_marks_its_cells(qtbot, panel):
    s = panel.session
    qtbot.mouseClick(panel.view.viewport(), Qt.LeftButton, pos=cell_pos(panel, 2, "Delta", 1, 2))
    assert s.selection == ("edge", 2, 2, 2)
    for q in ("theta", "Delta", "D"):
        mark = panel.plot_of(2, q).select_mark
        assert mark.isVisible() and mark.rect().getRect() == (2.0, 1.0, 1.0, 1.0)
        assert not panel.plot_of(1, q).select_mark.isVisible()
    qtbot.mouseMove(panel.view.viewport(), cell_pos(panel, 1, "theta", 0, 0))
    assert "Θ⁽¹⁾₁,₀" in panel.readout.text() and "bias" in panel.readout.text()
    s.select(("unit", 2, 1))
    assert not any(mp.select_mark.isVisible() for mp in panel.plots.values())


def test_an_edge_clicked_on_the_canvas_is_marked_in_the_matrices(qtbot):
    window = MainWindow()
    shown(qtbot, window, 1280, 800)
    qtbot.waitExposed(window)
    dock = window.teaching.docks["Matrices"]
    dock.raise_()
    panel = window.teaching.matrices
    qtbot.waitUntil(panel.on_screen)
    canvas = window.canvas
    edge = canvas.edge_item(3, 1, 2)                       # Θ⁽³⁾₁₂: into the output unit
    pos = canvas.mapFromScene(edge.line().pointAt(0.5))
    assert canvas.hit(pos) == ("edge", 3, 1, 2)
    qtbot.mouseClick(canvas.viewport(), Qt.LeftButton, pos=pos)
    assert window.session.selection == ("edge", 3, 1, 2)
    mark = panel.plot_of(3, "theta").select_mark
    assert mark.isVisible() and mark.rect().getRect() == (2.0, 0.0, 1.0, 1.0)
    # and back: a click on a cell selects the edge on the canvas
    qtbot.mouseClick(panel.view.viewport(), Qt.LeftButton, pos=cell_pos(panel, 1, "D", 1, 0))
    assert window.session.selection == ("edge", 1, 2, 0)
    assert canvas._selected_edge is canvas.edge_item(1, 2, 0)


def test_hidden_quantities_and_a_new_structure_rebuild_the_plots(panel):
    panel.toggles["D"].setChecked(False)
    assert {q for _, q in panel.plots} == {"theta", "Delta"}
    panel.session.add_unit(2)
    assert panel.plot_of(1, "theta").image.image.shape == (4, 3)
    np.testing.assert_array_equal(panel.plot_of(2, "theta").image.image,
                                  panel.session.stepper.thetas[1])
