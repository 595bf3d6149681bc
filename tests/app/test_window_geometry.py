"""The window opens within its screen's available geometry, on the screen it was last on,
and every stored setting is read defensively (a wrong type falls back to the default)."""

import pytest
from PySide6.QtCore import QRect, QSettings
from PySide6.QtWidgets import QApplication

from app import window_geometry as wg
from app.main_window import MainWindow
from app.stored import stored


def opened(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.wait(20)                                  # the first-show placement has run
    return w


@pytest.mark.parametrize("raw, default, expected", [
    ("1024", 0, 1024), (1024, 0, 1024), ("1024.0", 0, 1024), ("1024.5", 0, 0), ("wide", 0, 0),
    (True, 0, 0), ([1, 2], 0, 0), ("1.25", 1.0, 1.25), ("nan", 1.0, 1.0), ("inf", 1.0, 1.0),
    ("abc", 1.0, 1.0), ("true", False, True), ("0", True, False), ("maybe", True, True),
    ("dark", "x", "dark"), (5, "x", "x"),
])
def test_stored_values_of_the_wrong_type_fall_back_to_the_default(raw, default, expected):
    QSettings().setValue("test/value", raw)
    assert stored("test/value", default) == expected
    assert stored("test/missing", default) == default


def test_a_validator_refuses_values_out_of_range():
    QSettings().setValue("test/scale", "40")
    assert stored("test/scale", 1.0, lambda v: 0.5 <= v <= 3) == 1.0


def test_the_window_opens_within_the_available_geometry(qtbot):
    """The default is 1280 × 800; the offscreen screen is 800 × 800: it must shrink."""
    w = opened(qtbot)
    room = w.screen().availableGeometry()
    assert room.width() < 1280
    assert room.contains(w.frameGeometry()), (room, w.frameGeometry())
    assert w.width() > 0.8 * room.width()           # and it uses the room it has


def test_a_stored_size_larger_than_the_screen_is_bounded(qtbot):
    QSettings().setValue("window/width", 3000)
    QSettings().setValue("window/height", "2000")
    QSettings().setValue("window/x", 900)
    QSettings().setValue("window/y", -5000)
    w = opened(qtbot)
    assert w.screen().availableGeometry().contains(w.frameGeometry())


def test_size_and_screen_are_remembered_on_close(qtbot):
    w = opened(qtbot)
    hint = w.minimumSizeHint()       # a size the window can take whatever the app's font
    size = (max(760, hint.width() + 20), max(660, hint.height() + 20))
    w.resize(*size)
    w.move(30, 40)
    QApplication.processEvents()
    w.close()
    assert (stored("window/width", 0), stored("window/height", 0)) == size
    assert QSettings().contains("window/screen")
    again = opened(qtbot)
    assert (again.width(), again.height()) == size


def test_stored_geometry_of_the_wrong_type_opens_the_default(qtbot):
    for key, value in (("window/width", "wide"), ("window/height", [3]),
                       ("window/x", "left"), ("window/screen", 42)):
        QSettings().setValue(key, value)
    w = opened(qtbot)
    assert w.screen().availableGeometry().contains(w.frameGeometry())


@pytest.mark.parametrize("width", ["wide", "1024.5", "", [800]])
def test_a_non_integer_stored_screen_width_does_not_stop_start_up(qtbot, width):
    """Issue 9: int() of a stored window/screen_width crashed start-up. Now such a value
    reads as no saved layout, and the docks get the default split."""
    QSettings().setValue("window/state", b"not a state")
    QSettings().setValue("window/screen_width", width)
    w = opened(qtbot)
    w._place_docks()
    # the default split: the right column takes its share (at least RIGHT_COLUMN)
    assert w.isVisible() and w.inspector_dock.isVisible()
    assert w.inspector_dock.width() >= 0.3 * w.width()


class FakeScreen:
    def __init__(self, name, rect):
        self._name, self._rect = name, rect

    def name(self):
        return self._name

    def availableGeometry(self):
        return self._rect


class FakeApp:
    screens_ = []

    @classmethod
    def screens(cls):
        return cls.screens_

    @classmethod
    def primaryScreen(cls):
        return cls.screens_[0]


def test_the_last_screen_by_name_else_the_primary(monkeypatch):
    laptop = FakeScreen("eDP-1", QRect(0, 0, 1920, 1080))
    projector = FakeScreen("HDMI-1", QRect(1920, 0, 1024, 768))
    FakeApp.screens_ = [laptop, projector]
    monkeypatch.setattr(wg, "QGuiApplication", FakeApp)
    QSettings().setValue("window/screen", "HDMI-1")
    assert wg.last_screen() is projector
    rect = wg.initial_rect(projector)               # 1280 × 800 does not fit 1024 × 768
    assert QRect(1920, 0, 1024, 768).contains(rect)
    assert rect.width() <= 1024 - wg.FRAME_ALLOWANCE.width()
    assert rect.height() <= 768 - wg.FRAME_ALLOWANCE.height()
    QSettings().setValue("window/screen", "DP-3")   # unplugged since
    assert wg.last_screen() is laptop
    assert wg.initial_rect(laptop).size() == wg.DEFAULT_SIZE


@pytest.mark.parametrize("hidden", [(25,), (512,) * 6])
def test_opening_the_digits_does_not_grow_the_window_past_its_screen(qtbot, hidden):
    """The digits' picture of the current example (160 px) sat in the Data panel at its
    full size: opening a digits session raised the window's minimum height by ~70 px and Qt
    grew the window past the bottom of a 1024 × 768 projector (the legend and the plots'
    axis were cut off); for 6 × 512 the gradient check's extra row did it again. The
    picture gives way when the column is short, and the row is taken from the check's tabs."""
    from bpengine.config import DataSource, StudioConfig
    from bpengine.studio import StudioModel
    w = opened(qtbot)
    room = w.screen().availableGeometry()
    w.resize(w.width(), w.minimumSizeHint().height() + 10)   # a window as short as it goes,
    qtbot.wait(20)                                # as on a projector at 11 pt: 720 of 790
    height = w.height()
    w.session.replace_model(StudioModel(StudioConfig(source=DataSource("builtin", "digits"),
                                                     hidden=hidden,
                                                     acts=("sigmoid",) * (len(hidden) + 1))))
    qtbot.wait(50)
    assert w.data_panel.example.picture.isVisibleTo(w)      # the picture is shown
    assert w.height() == height and room.contains(w.frameGeometry())
