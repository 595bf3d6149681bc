"""Where the window opens: on the screen it was last on, within that screen's available
geometry (never larger: a 1280 × 800 window on a 1024 × 768 projector was cut off).

The screen's name, the window's size and position are stored on close; every stored value
is read defensively (a value of the wrong type falls back to the default).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication, QScreen

from app.stored import stored

DEFAULT_SIZE = QSize(1280, 800)
FRAME_ALLOWANCE = QSize(16, 48)   # a title bar and borders, until the real frame is known
KEYS = ("window/screen", "window/width", "window/height", "window/x", "window/y")


def last_screen() -> QScreen | None:
    """The screen of that name if it is still connected, else the primary screen."""
    name = stored("window/screen", "")
    for screen in QGuiApplication.screens():
        if name and screen.name() == name:
            return screen
    return QGuiApplication.primaryScreen()


def initial_rect(screen: QScreen | None) -> QRect:
    """The stored (or default) size and position, made to fit `screen`'s available
    geometry with room for the frame."""
    size = QSize(stored("window/width", DEFAULT_SIZE.width(), lambda v: v >= 200),
                 stored("window/height", DEFAULT_SIZE.height(), lambda v: v >= 150))
    if screen is None:
        return QRect(QPoint(0, 0), size)
    room = screen.availableGeometry()
    size = size.boundedTo(room.size() - FRAME_ALLOWANCE)
    settings = QSettings()
    known = settings.contains("window/x") and settings.contains("window/y")
    rect = QRect(QPoint(stored("window/x", 0), stored("window/y", 0)), size)
    if not known or not room.contains(rect):
        rect.moveCenter(room.center())
    return rect


def place(window) -> None:
    """Before the first show: the window's size and position on its last screen."""
    screen = last_screen()
    rect = initial_rect(screen)
    if screen is not None and window.screen() is not screen:
        window.setScreen(screen)
    window.resize(rect.size())
    window.move(rect.topLeft())


def fit_frame(window) -> None:
    """After the first show, when the real frame is known: shrink and move the window so
    that its frame lies within the available geometry."""
    screen = window.screen()
    if screen is None or window.isFullScreen() or window.isMaximized():
        return
    room, frame = screen.availableGeometry(), window.frameGeometry()
    if room.contains(frame):
        return
    extra = frame.size() - window.size()
    size = window.size().boundedTo(room.size() - extra)
    window.resize(size)
    frame = QRect(frame.topLeft(), size + extra)
    dx = max(room.left() - frame.left(), min(0, room.right() - frame.right()))
    dy = max(room.top() - frame.top(), min(0, room.bottom() - frame.bottom()))
    window.move(window.pos() + QPoint(dx, dy))


def remember(window) -> None:
    """On close: the screen's name, the normal (not full-screen) size and position."""
    settings = QSettings()
    screen = window.screen()
    if screen is not None:
        settings.setValue("window/screen", screen.name())
    if not (window.isFullScreen() or window.isMaximized()):
        settings.setValue("window/width", window.width())
        settings.setValue("window/height", window.height())
        settings.setValue("window/x", window.x())
        settings.setValue("window/y", window.y())
