"""Import… with a preview: CSV label and ignored columns, missing values, .mat variables,
bad files said in the dialog or the Data panel with the session left as it was; weights
exported and imported."""

from pathlib import Path

import numpy as np
import pytest
import scipy.io
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import bpengine as bp
from app.main_window import MainWindow
from app.prompts import DIALOGS

FIXTURES = Path(__file__).resolve().parents[1] / "engine" / "csv_fixtures"


@pytest.fixture
def window(qtbot, tmp_path):
    w = MainWindow(autosave_folder=tmp_path / "recovery")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_a_wdbc_file_is_previewed_with_the_text_column_as_its_label(window):
    path = FIXTURES / "wdbc_like.csv"
    assert window.importer.import_path(path)
    d = window.importer.dialog
    rows = [line.split(",") for line in path.read_text().splitlines() if line.strip()]
    assert d.label_column.currentIndex() == 1                  # M/B, not the last column
    assert d.table.rowCount() == min(10, len(rows))
    assert d.table.item(0, 0).text() == rows[0][0]             # a data row, not a header
    counts = {c: sum(r[1] == c for r in rows) for c in ("B", "M")}
    assert d.classes.text() == f"Classes: B ({counts['B']:,}), M ({counts['M']:,})"
    assert "ID" in d.ignore.item(0).text()                     # the ID column: suggested,
    assert d.ignore.item(0).checkState() == Qt.Checked         # and left out at first
    assert window.session.sizes[0] == 2                        # nothing replaced yet
    d.accept()
    s = window.session
    assert s.sizes[0] == len(rows[0]) - 2 and s.dataset.m == len(rows)
    assert np.allclose(s.dataset.X[0], [float(v) for v in rows[0][2:]])
    assert s.config.source.kind == "csv" and s.config.source.option("ignore_columns") == (0,)
    assert s.config.source.sha256 == bp.prepare.file_hash(path)
    s.undo_stack.undo()
    assert s.dataset.name == "XOR gate"


def test_choosing_another_label_column_previews_its_classes(window, tmp_path):
    path = tmp_path / "two.csv"
    path.write_text("colour,size,x\nred,big,1.5\nblue,big,0.5\nred,small,2.5\n")
    window.importer.import_path(path)
    d = window.importer.dialog
    # two text columns: whichever is the label, the other is left out (suggested at first)
    assert d.label_column.currentIndex() == 0 and d.ignore.item(1).checkState() == Qt.Checked
    assert d.classes.text() == "Classes: blue (1), red (2)" and d.import_button.isEnabled()
    d.label_column.setCurrentIndex(1)
    d.label_column.activated.emit(1)
    assert "'colour') holds text" in d.error.text() and not d.import_button.isEnabled()
    d.ignore.item(0).setCheckState(Qt.Checked)
    assert d.classes.text() == "Classes: big (2), small (1)" and d.import_button.isEnabled()


def test_missing_values_stop_the_import_until_rows_are_dropped(window, tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_text("a,b,label\n1,2,yes\n3,NA,no\n5,6,no\n7,8,yes\n")
    window.importer.import_path(path)
    d = window.importer.dialog
    assert not d.import_button.isEnabled()
    assert "line 3, column 2" in d.error.text()
    d.missing.setCurrentIndex(1)
    d.missing.activated.emit(1)
    assert d.import_button.isEnabled()
    d.accept()
    assert window.session.dataset.m == 3
    assert any("Dropped 1 row" in n for n in window.session.dataset.notes)


BAD = {
    "binary": b"\x00\x01\x02 not text",
    "ragged": b"a,b,label\n1,2,x\n3,y\n",
    "one class": b"a,label\n1,x\n2,x\n",
    "empty": b"",
}


@pytest.mark.parametrize("case", BAD)
def test_every_bad_file_says_why_and_leaves_the_session_as_it_was(window, tmp_path, case):
    path = tmp_path / f"{case.replace(' ', '_')}.csv"
    path.write_bytes(BAD[case])
    window.session.step()
    model, k = window.session.model, window.session.k
    opened = window.importer.import_path(path)
    if opened:                                  # readable: the dialog says why, no Import
        d = window.importer.dialog
        assert d.error.text().startswith("⚠") and path.name in d.error.text()
        assert not d.import_button.isEnabled()
        d.reject()
    else:                                       # unreadable: the Data panel says why
        assert window.data_panel.error.isVisibleTo(window.data_panel)
        assert path.name in window.data_panel.error.text()
    assert window.session.model is model and window.session.k == k
    assert window.session.dataset.name == "XOR gate"


def test_ctrl_o_on_a_data_file_opens_the_preview(qtbot, window, monkeypatch):
    monkeypatch.setattr(DIALOGS, "open_path", lambda *a: str(FIXTURES / "tab_separated.csv"))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key_O, Qt.ControlModifier)
    d = window.importer.dialog
    assert d is not None and d.isVisible() and "tab" in d.decided.text()


def test_a_course_mat_file_imports_its_digits_as_pictures(window, tmp_path):
    rng = np.random.default_rng(0)
    X = rng.random((30, 400))
    y = np.repeat(np.arange(1, 11), 3)[:, None].astype(np.uint8)
    path = tmp_path / "ex4data1.mat"
    scipy.io.savemat(path, {"X": X, "y": y})
    assert window.importer.import_path(path)
    d = window.importer.dialog
    assert "30 examples of 400 features" in d.found.text()
    d.accept()
    s = window.session
    assert s.sizes[0] == 400 and s.sizes[-1] == 10
    assert s.dataset.image_shape == (20, 20) and s.dataset.image_order == "F"
    assert window.data_panel.example.picture.isVisibleTo(window.data_panel)


def test_weights_go_out_and_come_back(window, tmp_path, monkeypatch):
    s = window.session
    s.next_batch()
    thetas = s.model.thetas
    path = tmp_path / "theta.mat"
    assert window.weights.export(str(path))
    saved = scipy.io.loadmat(path)
    assert np.array_equal(saved["Theta1"], thetas[0]) and saved["Theta3"].shape == (1, 3)
    s.reset()
    assert window.weights.import_(str(path))
    assert s.k == 0 and all(np.array_equal(a, b) for a, b in zip(s.model.thetas, thetas))
    s.add_unit(2)                                # now layer 2 has 3 units: Θ⁽¹⁾ no longer fits
    assert not window.weights.import_(str(path))
    assert window.messages.level == "error" and "Theta1" in window.messages.text()


def test_a_dropped_data_file_and_one_on_the_command_line_open_the_preview(qtbot, window,
                                                                          monkeypatch):
    from app import __main__ as entry
    from tests.app.test_files import drop
    path = FIXTURES / "winequality_like.csv"
    assert drop(window, path)
    assert window.importer.dialog.isVisible() and "semicolon" in window.importer.dialog \
        .decided.text()
    window.importer.dialog.reject()
    for name in ("setFont", "setOrganizationName", "setApplicationName"):
        monkeypatch.setattr(QApplication, name, lambda *a: None)   # not for later tests
    other = entry.launch([str(path)])
    qtbot.addWidget(other)
    assert other.importer.dialog is not None and other.importer.dialog.isVisible()
    other.importer.dialog.accept()
    assert other.session.dataset.name == path.name
