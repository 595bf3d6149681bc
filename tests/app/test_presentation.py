"""Presentation mode and the presenter remote, with real key presses on the window."""

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from app.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    w.canvas.setFocus()
    return w


def key(qtbot, window, k, modifier=Qt.NoModifier):
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, k, modifier)
    QApplication.processEvents()


def test_f5_enters_and_esc_leaves_presentation_mode(qtbot, window):
    assert window.toolbar.isVisible() and window.menuBar().isVisible()
    assert window.inspector_dock.isVisible() and window.canvas.items_for_tests["buttons"]
    pt = window.banner.label.shown()[1].pointSizeF()
    key(qtbot, window, Qt.Key_F5)
    p = window.presentation
    assert p.active and window.presentation.toggle_action.isChecked()
    qtbot.waitUntil(window.isFullScreen, timeout=2000)
    assert not window.toolbar.isVisible() and not window.menuBar().isVisible()
    # the default choice: canvas, banner and the cost plot
    assert window.plots_dock.isVisible() and window.banner.isVisible()
    assert not window.inspector_dock.isVisible() and not window.settings_dock.isVisible()
    assert window.canvas.items_for_tests["buttons"] == []          # no edit buttons
    assert window.banner.label.shown()[1].pointSizeF() > pt        # text scaled (1.25)
    assert window.canvas.style_.NODE_PEN_WIDTH > 1.6                # thicker strokes
    key(qtbot, window, Qt.Key_Escape)
    assert not p.active
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=2000)
    assert window.toolbar.isVisible() and window.menuBar().isVisible()
    assert window.inspector_dock.isVisible()
    assert window.canvas.items_for_tests["buttons"]
    assert window.banner.label.shown()[1].pointSizeF() == pt
    assert window.canvas.style_.NODE_PEN_WIDTH == pytest.approx(1.6)


def test_the_remote_steps_in_presentation_mode_with_menus_hidden(qtbot, window):
    key(qtbot, window, Qt.Key_F5)
    s = window.session
    for k in (Qt.Key_PageDown, Qt.Key_Right, Qt.Key_PageDown, Qt.Key_PageDown):
        key(qtbot, window, k)
    assert s.k == 4
    key(qtbot, window, Qt.Key_PageUp)
    key(qtbot, window, Qt.Key_Left)
    assert s.k == 2
    key(qtbot, window, Qt.Key_F5)                      # F5 toggles back out
    assert not window.presentation.active


@pytest.mark.parametrize("present", [False, True])
@pytest.mark.parametrize("blank_key", [Qt.Key_B, Qt.Key_Period])
def test_b_or_period_blanks_until_any_key_in_every_mode(qtbot, window, present, blank_key):
    if present:
        key(qtbot, window, Qt.Key_F5)
    blank = window.presentation.blank_screen
    key(qtbot, window, blank_key)
    assert blank.isVisible() and blank.geometry() == window.rect()
    image = window.grab().toImage()
    assert image.pixelColor(window.width() // 2, window.height() // 2).name() == "#000000"
    k = window.session.k
    key(qtbot, window, Qt.Key_PageDown)                # wakes it, and does not also step
    assert not blank.isVisible() and window.session.k == k
    key(qtbot, window, Qt.Key_PageDown)                # now it steps again
    assert window.session.k == k + 1
    key(qtbot, window, Qt.Key_Period)
    assert blank.isVisible()
    key(qtbot, window, Qt.Key_A)
    assert not blank.isVisible()
    assert window.presentation.active == present


def test_text_scale_keys_work_in_presentation_mode_and_persist(qtbot, window):
    key(qtbot, window, Qt.Key_F5)
    a = window.appearance
    assert a.font_scale == 1.25
    zoom = window.canvas.transform().m11()
    key(qtbot, window, Qt.Key_Equal, Qt.ControlModifier)
    assert a.font_scale == 1.5 and window.canvas.transform().m11() == pytest.approx(zoom, 0.2)
    assert window.canvas.style_.look.scale == 1.5
    key(qtbot, window, Qt.Key_Minus, Qt.ControlModifier)
    key(qtbot, window, Qt.Key_Minus, Qt.ControlModifier)
    assert a.font_scale == 1.1
    key(qtbot, window, Qt.Key_0, Qt.ControlModifier)
    assert a.font_scale == 1.0
    key(qtbot, window, Qt.Key_Equal, Qt.ControlModifier)
    assert a.font_scale == 1.1
    key(qtbot, window, Qt.Key_Equal, Qt.ControlModifier)
    key(qtbot, window, Qt.Key_Equal, Qt.ControlModifier)
    assert a.font_scale == 1.5
    key(qtbot, window, Qt.Key_Escape)
    # outside presentation Ctrl+= zooms the canvas again, the text scale stays
    before = window.canvas.transform().m11()
    key(qtbot, window, Qt.Key_Equal, Qt.ControlModifier)
    assert window.canvas.transform().m11() == pytest.approx(before * 1.25)
    assert a.font_scale == 1.5
    window.close()
    again = MainWindow()                               # "a restart": settings in tmp_path
    qtbot.addWidget(again)
    assert again.appearance.font_scale == 1.5
    QSettings().setValue("presentation/font_scale", "huge")
    third = MainWindow()
    qtbot.addWidget(third)
    assert third.appearance.font_scale == 1.25


def test_the_panel_choice_is_remembered(qtbot, window):
    p = window.presentation
    p.panel_actions["inspector"].trigger()             # View ▸ Presentation ▸ Inspector
    p.panel_actions["plots"].trigger()                 # … and not the cost plot
    key(qtbot, window, Qt.Key_F5)
    assert window.inspector_dock.isVisible() and not window.plots_dock.isVisible()
    key(qtbot, window, Qt.Key_Escape)
    assert window.plots_dock.isVisible()               # the window's own layout is back
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.presentation.panels == ["banner", "inspector"]
    QSettings().setValue("presentation/panels", ["plots", "nonsense"])
    third = MainWindow()
    qtbot.addWidget(third)
    assert third.presentation.panels == ["plots"]


def test_esc_outside_presentation_leaves_full_screen(qtbot, window):
    key(qtbot, window, Qt.Key_F11)
    qtbot.waitUntil(window.isFullScreen, timeout=2000)
    key(qtbot, window, Qt.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=2000)
    assert not window.actions_.full_screen.isChecked()


def test_presentation_shows_only_the_chosen_panels_teaching_ones_included(qtbot, window):
    docks = window.teaching.docks
    docks["Boundary"].raise_()
    assert docks["Boundary"].isVisible()
    key(qtbot, window, Qt.Key_F5)
    assert not any(d.isVisible() for d in docks.values())     # default: banner and plots
    assert not window.teaching.lecture_dock.isVisible()
    window.presentation.choose("boundary", True)
    assert docks["Boundary"].isVisible() and not docks["Matrices"].isVisible()
    key(qtbot, window, Qt.Key_Escape)
    window.presentation.enter()                                # the choice is remembered
    assert docks["Boundary"].isVisible()
    window.presentation.leave()


def test_the_plots_fit_their_dock_while_presenting(qtbot, window):
    """Large type in a narrow dock: the legend goes to one entry a row and the titles drop
    their last values rather than widen the plots past the dock's edge (they were cut off
    on the right at 1024 × 768)."""
    s = window.session
    for _ in range(3):
        s.next_batch()                       # titles with "· last …"
        s.jobs.wait()
    key(qtbot, window, Qt.Key_F5)
    qtbot.waitUntil(window.isFullScreen, timeout=2000)
    for _ in range(5):
        QApplication.processEvents()
    p = window.plots
    assert p.isVisible()
    assert p.ci.effectiveSizeHint(Qt.MinimumSize).width() <= p.width() + 1
    assert p.ci.geometry().width() <= p.width() + 1
