"""File ▸ Save Lesson: the session plus panels, theme, text scale and starting step; opening
it puts a window exactly there, without changing the user's own defaults."""

import json

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

import bpengine as bp
from app.main_window import MainWindow
from app.prompts import DIALOGS


def make_window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def saved_lesson(qtbot, tmp_path, monkeypatch, presenting=False):
    """An instructor's preparation: dark, text at 150 %, at step 9, inspector and plots."""
    w = make_window(qtbot)
    for _ in range(9):
        w.session.step()
    w.settings_dock.hide()
    w.data_dock.hide()
    for dock in w.teaching.docks.values():        # the teaching panels too: not today
        dock.hide()
    w.appearance.set_theme("dark")
    w.appearance.set_font_scale(1.5)
    if presenting:
        w.presentation.set_panels(["banner", "inspector"])
        w.presentation.enter()
    path = tmp_path / "lesson.bpstudio"
    monkeypatch.setattr(DIALOGS, "save_path", lambda parent, suggested: str(path))
    assert w.lessons.save()
    w.close()
    return path


def test_a_saved_lesson_holds_panels_theme_scale_and_step(qtbot, tmp_path, monkeypatch):
    path = saved_lesson(qtbot, tmp_path, monkeypatch)
    doc = json.loads(path.read_text())
    assert doc["format"] == "backprop-studio-session" and doc["version"] == 1
    lesson = doc["view"]["options"]["lesson"]
    assert lesson == {"version": 1, "panels": ["banner", "plots", "inspector"],
                      "presenting": False, "theme": "dark", "font_scale": 1.5,
                      "start_step": 9}
    assert bp.load_session(path).k == 9               # and an ordinary session file


def test_opening_a_lesson_puts_the_window_where_it_was_planned(qtbot, tmp_path, monkeypatch):
    path = saved_lesson(qtbot, tmp_path, monkeypatch)
    QSettings().setValue("appearance/theme", "light")    # the classroom PC's own choices
    QSettings().setValue("presentation/font_scale", 1.0)
    w = make_window(qtbot)
    assert w.appearance.theme_name == "light"
    for _ in range(3):
        w.session.step()
    assert w.files.open_path(path)
    qtbot.waitUntil(lambda: w.appearance.theme_name == "dark", timeout=2000)
    assert w.session.k == 9 and w.appearance.font_scale == 1.5
    assert w.inspector_dock.isVisible() and w.plots_dock.isVisible()
    assert not w.settings_dock.isVisible() and not w.data_dock.isVisible()
    assert "Lesson opened" in w.messages.text()
    # for this window only: the user's defaults are as they were
    assert QSettings().value("appearance/theme") == "light"
    assert float(QSettings().value("presentation/font_scale")) == 1.0
    w.files.new()                                        # another file: the window's own look
    qtbot.waitUntil(lambda: w.appearance.theme_name == "light", timeout=2000)
    assert w.appearance.font_scale == 1.0


def test_a_lesson_saved_while_presenting_opens_presenting(qtbot, tmp_path, monkeypatch):
    path = saved_lesson(qtbot, tmp_path, monkeypatch, presenting=True)
    w = make_window(qtbot)
    w.files.open_path(path)
    qtbot.waitUntil(lambda: w.presentation.active, timeout=2000)
    assert w.presentation.panels == ["banner", "inspector"]
    assert w.inspector_dock.isVisible() and not w.plots_dock.isVisible()
    assert w.canvas.style_.look.scale == 1.5


def test_a_lesson_in_a_later_step_is_reached_from_the_saved_position(qtbot, tmp_path,
                                                                       monkeypatch):
    path = saved_lesson(qtbot, tmp_path, monkeypatch)
    doc = json.loads(path.read_text())
    doc["view"]["options"]["lesson"]["start_step"] = 4   # planned to start earlier
    path.write_text(json.dumps(doc))
    w = make_window(qtbot)
    w.files.open_path(path)
    qtbot.waitUntil(lambda: w.session.k == 4, timeout=2000)


@pytest.mark.parametrize("lesson, problem", [
    ({"version": 1, "theme": "sepia", "font_scale": 1.5}, "no theme called 'sepia'"),
    ({"version": 1, "font_scale": "big", "theme": "dark"}, "text scale 'big'"),
    ({"version": 1, "panels": ["plots", "map"], "theme": "dark"}, "no panel called 'map'"),
    ({"version": 1, "start_step": -3, "theme": "dark"}, "starting step -3"),
    ({"version": 9, "theme": "dark"}, "newer Backprop Studio"),
    ("a lesson", "not a set of named values"),
])
def test_a_lesson_that_is_wrong_in_part_opens_with_the_rest(qtbot, tmp_path, lesson,
                                                            problem):
    model = bp.StudioModel()
    model.set_view(lesson=lesson)
    path = tmp_path / "odd.bpstudio"
    bp.save_session(path, model)
    w = make_window(qtbot)
    assert w.files.open_path(path)                       # the session itself opens
    qtbot.waitUntil(lambda: w.messages.level == "error", timeout=2000)
    assert problem in w.messages.text()
    usable = isinstance(lesson, dict) and lesson.get("version") == 1 \
        and lesson.get("theme") == "dark"
    QApplication.processEvents()
    assert (w.appearance.theme_name == "dark") == usable


def test_a_session_without_a_lesson_opens_as_before(qtbot, tmp_path):
    model = bp.StudioModel()
    model.step()
    path = tmp_path / "plain.bpstudio"
    bp.save_session(path, model)
    w = make_window(qtbot)
    w.appearance.set_theme("high-contrast")
    assert w.files.open_path(path)
    QApplication.processEvents()
    assert w.session.k == 1 and w.appearance.theme_name == "high-contrast"
    assert w.messages.level == "info"
