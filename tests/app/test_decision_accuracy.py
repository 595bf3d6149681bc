"""The Decision boundary panel (the surface behind the data, its refresh after an update,
coarse while playing), the outputs view for image data, and the Accuracy panel."""

import numpy as np
import pytest

import bpengine as bp
from app.confusion import ConfusionPanel
from app.decision_plot import COARSE, FINE, DecisionPanel
from app.session import Session
from bpengine.config import DataSource, StudioConfig
from tests.app.conftest import shown


def spiral_session():
    return Session(StudioConfig(source=DataSource("builtin", "spiral"), hidden=(8, 8),
                                acts=("tanh", "tanh", "sigmoid")))


def test_the_surface_is_the_network_over_the_plane_and_changes_after_an_update(qtbot):
    session = Session()                                   # XOR: one output unit
    panel = shown(qtbot, DecisionPanel(session), 480, 480)
    plane = panel.plane
    assert panel.kind == "plane" and plane.resolution == FINE
    before = np.array(plane.image.image)
    # orientation: pixel (r, c) is h at (x_c, y_r), computed here by the network itself
    (x0, x1), (y0, y1) = plane.xlim, plane.ylim
    r, c = 37, 151
    x, y = x0 + c * (x1 - x0) / (FINE - 1), y0 + r * (y1 - y0) / (FINE - 1)
    h = bp.predict(list(session.stepper.thetas), np.array([[x, y]]))[0, 0]
    assert before[r, c] == pytest.approx(h, rel=1e-12)
    for _ in range(6):
        session.step()                                     # no update yet: Θ unchanged
    assert np.array_equal(plane.image.image, before)
    session.next_batch()                                   # Θ := Θ − αD
    after = plane.image.image
    assert not np.allclose(after, before)
    h = bp.predict(list(session.stepper.thetas), np.array([[x, y]]))[0, 0]
    assert after[r, c] == pytest.approx(h, rel=1e-12)
    # the ring is on the current example
    ring = plane.ring.getData()
    x_now = session.model.data.X[session.stepper.example]
    assert (ring[0][0], ring[1][0]) == (x_now[0], x_now[1])


def test_playing_draws_a_coarse_surface_and_pausing_refines_it(qtbot):
    session = spiral_session()
    panel = shown(qtbot, DecisionPanel(session), 480, 480)
    session.set_playing(True)
    session.run_steps(40)                 # what a frame of play does
    assert panel.plane.resolution == COARSE
    assert panel.plane.image.image.shape[:2] == (COARSE, COARSE)
    session.set_playing(False)
    assert panel.plane.resolution == FINE
    assert panel.plane.image.image.shape[:2] == (FINE, FINE)


def test_training_draws_a_coarse_surface_and_stopping_refines_it(qtbot):
    session = spiral_session()
    panel = shown(qtbot, DecisionPanel(session), 480, 480)
    session.set_training(True)
    qtbot.waitUntil(lambda: session.model.timeline.n_updates() > 3)
    assert panel.plane.resolution == COARSE
    session.set_training(False)
    assert not session.jobs.busy
    assert panel.plane.resolution == FINE


def test_three_classes_show_the_class_of_the_largest_output(qtbot):
    session = spiral_session()
    for _ in range(30):
        session.next_batch()
    panel = shown(qtbot, DecisionPanel(session), 480, 480)
    rgba = panel.plane.image.image
    grid = panel.plane.grid
    cls = np.argmax(grid, axis=2)
    # every pixel takes the colour of its class; colours differ between classes
    colours = {k: {tuple(v) for v in rgba[cls == k][:, :3]} for k in range(3)}
    assert all(len(c) == 1 for c in colours.values())
    assert len({next(iter(c)) for c in colours.values()}) == 3
    assert len(panel.plane.scatters) == 3                  # one marker set per class


def test_image_data_show_the_example_and_its_outputs_by_class_name(qtbot):
    session = Session(StudioConfig(source=DataSource("builtin", "digits"), hidden=(25,),
                                   acts=("sigmoid", "sigmoid")))
    panel = shown(qtbot, DecisionPanel(session), 480, 520)
    assert panel.kind == "image"
    view = panel.outputs
    assert not view.picture.pixmap().isNull()
    assert "not computed yet" in view.words.text()
    session.step()
    session.step()                                         # forward 3: a⁽³⁾ = h
    h = session.stepper.a[-1]
    assert np.array_equal(view.bars.opts["width"], h)
    ticks = view.plot.getPlotItem().getAxis("left")._tickLevels[0]
    assert [t for _, t in ticks] == [str(d) for d in range(10)]
    said = str(int(np.argmax(h)))
    assert f"says “{said}”" in view.words.text()


def test_the_accuracy_panel_counts_by_class_and_part(qtbot):
    session = Session(StudioConfig(source=DataSource("builtin", "iris"), hidden=(5,),
                                   acts=("sigmoid", "sigmoid"), scaling="standardise",
                                   validation=0.2))
    for _ in range(40):
        session.next_batch()
    panel = shown(qtbot, ConfusionPanel(session), 480, 600)
    d, ds = session.model.data, session.dataset
    h = bp.predict(list(session.stepper.thetas), d.X)
    said, true = h.argmax(axis=1), ds.labels[d.train]
    table = panel.table
    assert panel.part.currentData() == "train"
    for r in range(3):
        for c in range(3):
            count = sum(1 for t, p in zip(true, said) if t == r and p == c)   # by hand
            assert int(table.item(r, c).text()) == count
    acc = session.model.evaluate()
    assert f"{acc['train'][1]:.1%}" in panel.titles["train"].text()
    assert f"{acc['validation'][1]:.1%}" in panel.titles["validation"].text()
    panel.part.setCurrentIndex(panel.part.findData("validation"))
    panel.part.activated.emit(panel.part.currentIndex())
    said_val = bp.predict(list(session.stepper.thetas), d.X_val).argmax(axis=1)
    true_val = ds.labels[d.val]
    assert int(panel.table.item(1, 1).text()) == int(np.sum((true_val == 1) & (said_val == 1)))
    assert sum(int(panel.table.item(r, c).text()) for r in range(3) for c in range(3)) == \
        len(d.val)


def test_without_a_split_there_is_no_validation_table(qtbot):
    panel = shown(qtbot, ConfusionPanel(Session()), 480, 400)
    assert not panel.titles["validation"].isVisible() and not panel.part.isEnabled()
    assert panel.table.rowCount() == 2                     # one output unit: two classes


def test_one_input_shows_the_fitted_curve_over_the_data(qtbot):
    x = np.linspace(-2.0, 2.0, 12)[:, None]
    ds = bp.Dataset.from_labels(x, (x[:, 0] > 0).astype(int), ["low", "high"], ["x"], "line")
    session = Session()
    session.set_dataset(DataSource("csv", "line", sha256="line"), ds)
    panel = shown(qtbot, DecisionPanel(session), 480, 480)
    assert panel.kind == "curve" and session.sizes[0] == 1
    xs, ys = panel.curve.curves[0].getData()
    want = bp.predict(list(session.stepper.thetas), xs[:, None], session.acts[:-1],
                      session.acts[-1])[:, 0]
    np.testing.assert_allclose(ys, want, rtol=1e-12)
    assert xs.min() < -2.0 and xs.max() > 2.0             # the data with a margin
    before = ys.copy()
    session.next_batch()
    assert not np.allclose(panel.curve.curves[0].getData()[1], before)


def test_column_major_images_are_drawn_upright(qtbot):
    # a 20 × 20 "course digit" stored column by column (MATLAB): ink in the top-right corner
    picture = np.zeros((20, 20))
    picture[0, 19] = 1.0
    X = np.vstack([picture.ravel(order="F"), np.zeros(400)])
    ds = bp.Dataset.from_labels(X, [1, 0], ["0", "1"], [f"p{i}" for i in range(400)],
                                "course", image_shape=(20, 20), image_order="F")
    session = Session()
    session.set_dataset(DataSource("mat", "course", sha256="course"), ds)
    panel = shown(qtbot, DecisionPanel(session), 480, 520)
    assert panel.kind == "image"
    img = panel.outputs.picture.pixmap().toImage()
    cell = img.width() // 20
    assert img.pixelColor(img.width() - cell // 2, cell // 2).value() == 0      # ink
    assert img.pixelColor(cell // 2, cell // 2).value() == 255                  # paper
