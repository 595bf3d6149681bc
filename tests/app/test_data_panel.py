"""The Data panel: generated sets with noise, size and seed; scaling and a validation split
with J and accuracy on both parts; the current example by name or as its picture."""

import numpy as np
import pytest
from PySide6.QtGui import QImage

import bpengine as bp
from app.data_panel import DataPanel
from bpengine.config import DataSource
from tests.app.conftest import shown


@pytest.fixture
def panel(qtbot, session):
    return shown(qtbot, DataPanel(session), 420, 700)


def choose(combo, name):
    row = combo.findData(DataSource("builtin", name).key)
    combo.setCurrentIndex(row)
    combo.activated.emit(row)


def test_a_generated_set_shows_its_noise_size_and_seed(panel):
    s = panel.session
    assert not panel.generator.isVisibleTo(panel)          # XOR has none
    choose(panel.dataset, "spiral")
    assert panel.generator.isVisibleTo(panel)
    assert (panel.noise.value(), panel.size.value(), panel.data_seed.value()) == (0.2, 300, 0)
    assert panel.dataset.currentText() == "Spiral (300 examples, 2 features)"
    panel.size.setValue(120)
    assert s.dataset.m == 120 and s.config.source == DataSource("builtin", "spiral", m=120,
                                                                noise=0.2, seed=0)
    assert panel.dataset.currentText() == "Spiral (120 examples, 2 features)"
    panel.noise.setValue(0.5)
    expected = bp.load_builtin("spiral", m=120, noise=0.5, seed=0)
    assert np.array_equal(s.dataset.X, expected.X)
    s.undo_stack.undo()
    assert panel.noise.value() == 0.2 and s.dataset.m == 120
    s.undo_stack.undo()
    s.undo_stack.undo()
    assert panel.dataset.currentText() == "XOR (4 examples, 2 features)"


def test_a_split_reports_both_parts_at_the_current_weights(panel):
    s = panel.session
    choose(panel.dataset, "iris")
    panel.validation.setValue(20)
    assert s.config.validation == 0.2 and len(s.model.data.val) == 30
    text = panel.parts.text()
    data, thetas = s.model.data, s.model.thetas
    for name, X, Y in (("Training", data.X, data.Y), ("Validation", data.X_val, data.Y_val)):
        J = bp.cost_only(thetas, X, Y, lam=0.0)
        h = bp.predict(thetas, X)
        acc = np.mean(np.argmax(h, axis=1) == np.argmax(Y, axis=1))
        assert f"<b>{name}</b> ({len(X):,} examples): J = {J:.4g} · accuracy {acc:.0%}" \
            in text
    panel.scaling.setCurrentIndex(panel.scaling.findData("minmax"))
    panel.scaling.activated.emit(panel.scaling.currentIndex())
    X = s.model.data.X
    assert s.config.scaling == "minmax" and X.min() == 0.0 and X.max() == 1.0


def test_the_current_example_is_listed_by_feature_name(panel):
    s = panel.session
    choose(panel.dataset, "iris")
    s.step()
    view = panel.example
    row = int(s.model.data.train[s.stepper.example])
    assert view.caption.text() == (f"Current example: row {row + 1} of 150 · target: "
                                   f"class “{s.dataset.class_names[s.dataset.labels[row]]}”")
    names = [view.table.item(r, 0).text() for r in range(view.table.rowCount())]
    assert names == s.dataset.feature_names
    assert view.table.item(2, 1).text() == f"{s.dataset.X[row, 2]:.4g}"


def test_digits_show_as_pictures_in_their_own_orientation(panel):
    s = panel.session
    choose(panel.dataset, "digits")
    view = panel.example
    assert view.picture.isVisibleTo(panel) and not view.table.isVisibleTo(panel)
    img = view.picture.pixmap().toImage().convertToFormat(QImage.Format_Grayscale8)
    row = s.dataset.X[int(s.model.data.train[s.stepper.example])].reshape(8, 8)
    cell = img.width() // 8
    # ink on paper: the row's largest value is the darkest pixel, read back from the picture
    r, c = np.unravel_index(np.argmax(row), row.shape)
    assert img.pixelColor(c * cell + cell // 2, r * cell + cell // 2).value() == 0
    r, c = np.unravel_index(np.argmin(row), row.shape)
    assert img.pixelColor(c * cell + cell // 2, r * cell + cell // 2).value() == 255


def test_a_column_major_image_is_drawn_upright(qtbot):
    # a 2×3 "image" stored column by column, as MATLAB stores the course's digits
    picture = np.array([[0.0, 0.0, 9.0], [0.0, 0.0, 0.0]])
    X = np.vstack([picture.ravel(order="F"), np.zeros(6)])
    ds = bp.Dataset.from_labels(X, [1, 0], ["0", "1"], [f"p{i}" for i in range(6)], "cm",
                                image_shape=(2, 3), image_order="F")
    from app.session import Session
    session = Session()
    session.set_dataset(DataSource("csv", "cm", sha256="cm"), ds)
    panel = shown(qtbot, DataPanel(session), 420, 700)
    img = panel.example.picture.pixmap().toImage().convertToFormat(QImage.Format_Grayscale8)
    cell = img.width() // 3
    assert img.pixelColor(2 * cell + cell // 2, cell // 2).value() == 0    # top right: ink
    assert img.pixelColor(cell // 2, cell + cell // 2).value() == 255
