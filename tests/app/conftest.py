"""App tests run offscreen with real widgets; QSettings go to a temporary folder."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from app.prompts import DIALOGS  # noqa: E402
from app.session import Session  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory, qapp, monkeypatch):
    """QSettings and autosaves in temporary folders; a question that would block on a
    modal dialog answers "discard" (tests that ask questions set their own answers)."""
    qapp.setOrganizationName("BackpropStudioTests")
    qapp.setApplicationName("BackpropStudioTests")
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope,
                      str(tmp_path_factory.mktemp("settings")))
    recovery = tmp_path_factory.mktemp("recovery")
    monkeypatch.setattr("app.autosave.default_folder", lambda: recovery)
    monkeypatch.setattr(DIALOGS, "save_changes", lambda parent, name: "discard")
    for name in ("open_path", "data_path", "save_path", "weights_path", "export_options",
                 "export_path", "epochs"):
        monkeypatch.setattr(DIALOGS, name, _no_dialog(name))
    yield


def _no_dialog(name):
    def refuse(*args, **kwargs):
        raise AssertionError(f"a test opened the {name} dialog without answering it")
    return refuse


@pytest.fixture
def session(qapp):
    """The default session: the seed's 2-2-2-1 network on XOR (its jobs stopped after)."""
    s = Session()
    yield s
    s.jobs.stop()


def shown(qtbot, widget, width: int, height: int):
    """`widget` registered with qtbot (closed after the test), sized and shown."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    return widget
