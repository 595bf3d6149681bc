"""The settings panel's dataset combo shows a dataset loaded from CSV, and follows undo."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

import bpengine as bp
from app.controls import SettingsPanel
from app.player import Player

CSV = "x1,x2,x3,label\n0,0,1,no\n0,1,0,yes\n1,0,0,yes\n1,1,1,no\n0.5,0.5,0.5,yes\n"


@pytest.fixture
def panel(qtbot, session):
    panel = SettingsPanel(session, Player(session))
    qtbot.addWidget(panel)
    return panel


@pytest.fixture
def loaded(tmp_path):
    path = tmp_path / "points.csv"
    path.write_text(CSV, encoding="utf-8")
    return bp.load_csv(path)


def choose(combo: QComboBox, key: str) -> None:
    """Pick the row of `key` as a user does: the current index changes, then activated."""
    row = combo.findData(key)
    assert row >= 0, key
    combo.setCurrentIndex(row)
    combo.activated.emit(row)


def rows(combo: QComboBox) -> list:
    return [combo.itemData(i) for i in range(combo.count())]


def test_the_combo_lists_the_builtins_and_shows_the_sessions(panel):
    assert rows(panel.dataset) == bp.builtin_names()
    assert panel.dataset.currentData() == panel.session.config.dataset == "xor"


def test_a_csv_dataset_gets_a_selected_row_named_after_the_file(panel, loaded):
    s = panel.session
    assert loaded.name == "points.csv"
    s.set_dataset(loaded.name, loaded)
    assert s.sizes[0] == 3 and s.dataset is loaded
    combo = panel.dataset
    assert combo.currentText() == "points.csv" and combo.currentData() == "points.csv"
    assert rows(combo)[:len(bp.builtin_names())] == bp.builtin_names()
    assert rows(combo).count("points.csv") == 1
    assert "5 examples, 3 features" in combo.itemData(combo.currentIndex(), Qt.ToolTipRole)


def test_builtins_still_work_and_undo_reselects_the_csv_row(panel, loaded):
    s, combo = panel.session, panel.dataset
    s.set_dataset(loaded.name, loaded)
    choose(combo, "iris")
    assert s.config.dataset == "iris" and s.sizes[0] == 4
    assert combo.currentData() == "iris"
    s.undo_stack.undo()                             # back to the CSV
    assert s.config.dataset == "points.csv" and s.sizes[0] == 3
    assert combo.currentData() == "points.csv"
    s.undo_stack.undo()                             # back to the start
    assert combo.currentData() == "xor"
    s.undo_stack.redo()
    assert combo.currentData() == "points.csv"
    assert rows(combo).count("points.csv") == 1     # re-shown, not re-added


def test_the_csv_row_can_be_chosen_again(panel, loaded):
    s, combo = panel.session, panel.dataset
    s.set_dataset(loaded.name, loaded)
    choose(combo, "moons")
    assert s.config.dataset == "moons"
    choose(combo, "points.csv")                     # the session kept the loaded data
    assert s.config.dataset == "points.csv" and s.dataset is loaded
    assert combo.currentText() == "points.csv"
    assert s.undo_stack.count() == 3
