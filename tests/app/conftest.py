"""App tests run offscreen with real widgets; QSettings go to a temporary folder."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from app.session import Session  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory, qapp):
    qapp.setOrganizationName("BackpropStudioTests")
    qapp.setApplicationName("BackpropStudioTests")
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope,
                      str(tmp_path_factory.mktemp("settings")))
    yield


@pytest.fixture
def session(qapp):
    """The default session: the seed's 2-2-2-1 network on XOR."""
    return Session()


def shown(qtbot, widget, width: int, height: int):
    """`widget` registered with qtbot (closed after the test), sized and shown."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    return widget
