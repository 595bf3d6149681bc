"""The assembled window, driven like a user: keys, menus, edits, play, errors."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF

from app.errors import ExceptionDialog
from app.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    w.canvas.setFocus()
    return w


def press(qtbot, window, key, modifier=Qt.NoModifier):
    qtbot.keyClick(window.canvas, key, modifier)


def test_launch_shows_a_ready_network(window):
    assert window.windowTitle() == "Untitled[*] — Backprop Studio"
    assert window.session.sizes == [2, 2, 2, 1]
    assert window.session.dataset.name.lower().startswith("xor")
    assert "PageDown" in window.banner.label.text() or "Ready" in window.banner.label.text()


def test_slide_keys_move_the_stepper(qtbot, window):
    s = window.session.stepper
    press(qtbot, window, Qt.Key_PageDown)
    assert window.session.stepper.k == 1
    press(qtbot, window, Qt.Key_Right)
    press(qtbot, window, Qt.Key_Space)
    assert window.session.stepper.k == 3
    press(qtbot, window, Qt.Key_PageUp)
    press(qtbot, window, Qt.Key_Left)
    assert window.session.stepper.k == 1
    press(qtbot, window, Qt.Key_PageDown, Qt.ShiftModifier)
    assert s.last.kind == "accumulate" and s.k == 7
    press(qtbot, window, Qt.Key_PageDown, Qt.ControlModifier)
    assert s.last.kind == "update" and len(s.history_J) == 1
    assert "Θ⁽ˡ⁾ := Θ⁽ˡ⁾ − αD⁽ˡ⁾" in window.banner.label.text()
    press(qtbot, window, Qt.Key_Home)
    assert window.session.stepper.k == 0


def test_play_and_pause(qtbot, window):
    window.player.set_speed(200)
    press(qtbot, window, Qt.Key_P)
    assert window.session.playing and window.actions_.play.text() == "Pause"
    qtbot.waitUntil(lambda: window.session.stepper.k > 20, timeout=5000)
    press(qtbot, window, Qt.Key_P)
    assert not window.session.playing
    k = window.session.stepper.k
    qtbot.wait(100)
    assert window.session.stepper.k == k
    press(qtbot, window, Qt.Key_PageUp)
    assert window.session.stepper.k == k - 1


def test_edits_from_menus_with_undo_redo_keys(qtbot, window):
    window.session.select(("unit", 3, 1))
    window.actions_.add_unit.trigger()
    assert window.session.sizes == [2, 2, 3, 1]
    window.actions_.add_layer.trigger()
    assert window.session.sizes == [2, 2, 3, 3, 1]
    press(qtbot, window, Qt.Key_Z, Qt.ControlModifier)
    assert window.session.sizes == [2, 2, 3, 1]
    press(qtbot, window, Qt.Key_Z, Qt.ControlModifier)
    assert window.session.sizes == [2, 2, 2, 1]
    press(qtbot, window, Qt.Key_Y, Qt.ControlModifier)
    assert window.session.sizes == [2, 2, 3, 1]


def test_refused_edit_shows_a_message_in_the_window(window):
    window.session.select(("unit", 1, 1))
    window.actions_.add_unit.trigger()
    assert window.session.sizes == [2, 2, 2, 1]
    assert window.messages.isVisible() and window.messages.level == "error"
    assert "input" in window.messages.text()


def test_colour_by_menu_switches_the_canvas(window):
    window.actions_.node_modes["z"].trigger()
    assert window.canvas.node_mode == "z"
    window.actions_.edge_modes["D"].trigger()
    assert window.canvas.edge_mode == "D"


def test_diverging_run_stops_play_with_a_message(qtbot, window):
    window.settings_panel.alpha.setValue(100.0)
    assert window.session.config.alpha == 100.0
    window.player.set_speed(20000)
    press(qtbot, window, Qt.Key_P)
    qtbot.waitUntil(lambda: not window.session.playing, timeout=10000)
    assert window.messages.isVisible() and "diverging" in window.messages.text()
    k = window.session.stepper.k
    press(qtbot, window, Qt.Key_PageUp)
    assert window.session.stepper.k == k - 1


def test_uncaught_exception_shows_one_dialog_and_the_session_goes_on(window, monkeypatch):
    shown = []
    monkeypatch.setattr("app.errors.QMessageBox.exec", lambda box: shown.append(box.text()))
    hook = ExceptionDialog(window)
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        hook(type(exc), exc, exc.__traceback__)
    assert len(shown) == 1 and "boom" in shown[0]
    window.session.step()
    assert window.session.stepper.k == 1


def test_f11_toggles_full_screen(qtbot, window):
    assert "F11" in [k.toString() for k in window.actions_.full_screen.shortcuts()]
    press(qtbot, window, Qt.Key_F11)
    qtbot.waitUntil(window.isFullScreen, timeout=2000)
    assert window.actions_.full_screen.isChecked()
    press(qtbot, window, Qt.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=2000)
    assert not window.actions_.full_screen.isChecked()


def test_play_at_full_speed_repaints_once_per_tick_not_per_step(qtbot, window):
    """Training speed is set by the speed control: many micro-steps run between two view
    updates, and never more than one update (sigStepped) per timer tick."""
    ticks, updates = [], []
    window.player.timer.timeout.connect(lambda: ticks.append(1))
    window.session.sigStepped.connect(lambda: updates.append(1))
    window.player.set_speed(20000)
    press(qtbot, window, Qt.Key_P)
    qtbot.waitUntil(lambda: len(updates) >= 5, timeout=10000)
    press(qtbot, window, Qt.Key_P)
    k = window.session.stepper.k
    assert len(updates) <= len(ticks) + 1           # + the key press's own announcement
    assert k > len(updates)                         # updates cover several steps each


def test_slow_views_do_not_slow_play_to_one_step_a_frame(qtbot, window):
    """The player times the stepping alone: views that take a whole frame to update (a
    slow laptop, a big network) must not make it run one step per frame."""
    import time
    per_update: list[int] = []
    last = [window.session.stepper.k]

    def slow_views():
        per_update.append(window.session.stepper.k - last[0])
        last[0] = window.session.stepper.k
        time.sleep(0.04)                            # views + paint longer than a frame

    window.session.sigStepped.connect(slow_views)
    window.player.set_speed(20000)
    window.session.set_playing(True)
    qtbot.waitUntil(lambda: len(per_update) >= 12, timeout=20000)
    window.session.set_playing(False)
    assert min(per_update[6:12]) >= 5, per_update


def test_the_banner_keeps_its_height_and_fits_each_line_at_any_width(qtbot, window):
    """The banner never wraps: each line shows a shorter wording or smaller type (elided at
    the last) that fits its width, and its height is the same at every step and width, so
    the canvas below never moves."""
    heights = set()
    for width in (700, 900, 1280):
        window.resize(width, 800)
        for _ in range(12):
            window.session.step()
            qtbot.wait(1)
            heights.add(window.banner.height())
            for label in (window.banner.label, window.banner.where):
                text, font = label.shown()
                assert QFontMetricsF(font).horizontalAdvance(text) <= label.width(), text
                assert text == label.text() or text.endswith("…") or len(text) < len(
                    label.text())
    assert len(heights) == 1, heights
    assert "step 36" in window.banner.where.text()




def test_the_colour_scale_menu_switches_and_is_saved_with_the_session(window):
    actions = window.actions_.scale_modes
    assert actions["fixed"].isChecked()
    actions["step"].trigger()
    assert window.canvas.scale_mode == "step" and actions["step"].isChecked()
    assert window.session.view.options["colour_scale"] == "step"
