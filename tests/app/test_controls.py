"""The Data panel's dataset combo: built-ins by name, a dataset loaded from CSV, undo."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

import bpengine as bp
from app.data_panel import DataPanel
from bpengine.config import DataSource
from bpengine.prepare import file_hash

CSV = "x1,x2,x3,label\n0,0,1,no\n0,1,0,yes\n1,0,0,yes\n1,1,1,no\n0.5,0.5,0.5,yes\n"


@pytest.fixture
def panel(qtbot, session):
    panel = DataPanel(session)
    qtbot.addWidget(panel)
    return panel


@pytest.fixture
def loaded(tmp_path):
    path = tmp_path / "points.csv"
    path.write_text(CSV, encoding="utf-8")
    source = DataSource("csv", "points.csv", path=str(path), sha256=file_hash(path))
    return source, bp.load_csv(path)


def builtin(name: str) -> str:
    return DataSource("builtin", name).key


BUILTINS = [builtin(n) for n in bp.builtin_names()]


def choose(combo: QComboBox, key: str) -> None:
    """Pick the row of `key` as a user does: the current index changes, then activated."""
    key = builtin(key) if key in bp.builtin_names() else key
    row = combo.findData(key)
    assert row >= 0, key
    combo.setCurrentIndex(row)
    combo.activated.emit(row)


def rows(combo: QComboBox) -> list:
    return [combo.itemData(i) for i in range(combo.count())]


def test_the_combo_lists_the_builtins_by_name_and_shows_the_sessions(panel):
    assert rows(panel.dataset) == BUILTINS
    assert panel.dataset.currentData() == panel.session.config.source.key == builtin("xor")
    assert panel.dataset.currentText() == "XOR (4 examples, 2 features)"
    assert panel.dataset.itemText(BUILTINS.index(builtin("digits"))) == \
        "Handwritten digits (8×8)"


def test_a_csv_dataset_gets_a_selected_row_named_after_the_file(panel, loaded):
    s = panel.session
    source, data = loaded
    s.set_dataset(source, data)
    assert s.sizes[0] == 3 and s.dataset is data
    combo = panel.dataset
    assert combo.currentText() == "points.csv (5 examples, 3 features)"
    assert combo.currentData() == source.key
    assert rows(combo)[:len(BUILTINS)] == BUILTINS
    assert rows(combo).count(source.key) == 1
    assert source.path == combo.itemData(combo.currentIndex(), Qt.ToolTipRole)


def test_builtins_still_work_and_undo_reselects_the_csv_row(panel, loaded):
    s, combo = panel.session, panel.dataset
    source, data = loaded
    s.set_dataset(source, data)
    choose(combo, "iris")
    assert s.config.source.name == "iris" and s.sizes[0] == 4
    assert combo.currentData() == builtin("iris")
    s.undo_stack.undo()                             # back to the CSV
    assert s.config.source == source and s.sizes[0] == 3
    assert combo.currentData() == source.key
    s.undo_stack.undo()                             # back to the start
    assert combo.currentData() == builtin("xor")
    s.undo_stack.redo()
    assert combo.currentData() == source.key
    assert rows(combo).count(source.key) == 1       # re-shown, not re-added


def test_the_csv_row_can_be_chosen_again(panel, loaded):
    s, combo = panel.session, panel.dataset
    source, data = loaded
    s.set_dataset(source, data)
    choose(combo, "moons")
    assert s.config.source.name == "moons"
    choose(combo, source.key)                       # the session kept the loaded data
    assert s.config.source == source and s.dataset is data
    assert combo.currentText() == "points.csv (5 examples, 3 features)"
    assert s.undo_stack.count() == 3
