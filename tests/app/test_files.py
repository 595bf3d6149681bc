"""File ▸ New / Open / Save / Save As / Open Recent, the title's *, the unsaved-changes
question, drag and drop, the command line, and crash recovery from an autosave."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

import bpengine as bp
from app import __main__ as entry
from app.main_window import MainWindow
from app.prompts import DIALOGS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot, tmp_path):
    w = MainWindow(autosave_folder=tmp_path / "recovery")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.canvas.setFocus()
    return w


def answer(monkeypatch, name, value):
    monkeypatch.setattr(DIALOGS, name, lambda *args, **kwargs: value)


def saved_model(tmp_path, batches=3) -> Path:
    model = bp.StudioModel()
    for _ in range(batches):
        model.next_batch()
    model.step()
    path = tmp_path / "lesson.bpstudio"
    bp.save_session(path, model)
    return path


def test_the_title_names_the_file_and_marks_unsaved_changes(qtbot, window, tmp_path,
                                                             monkeypatch):
    assert window.windowTitle() == "Untitled[*] — Backprop Studio"
    assert not window.isWindowModified()
    qtbot.keyClick(window.canvas, Qt.Key_PageDown)
    assert window.isWindowModified()
    answer(monkeypatch, "save_path", str(tmp_path / "run.bpstudio"))
    qtbot.keyClick(window.canvas, Qt.Key_S, Qt.ControlModifier)
    assert window.windowTitle() == "run.bpstudio[*] — Backprop Studio"
    assert not window.isWindowModified()
    assert bp.load_session(tmp_path / "run.bpstudio").k == 1
    qtbot.keyClick(window.canvas, Qt.Key_PageDown)
    qtbot.keyClick(window.canvas, Qt.Key_S, Qt.ControlModifier)   # Save: same file, no ask
    assert bp.load_session(tmp_path / "run.bpstudio").k == 2


def test_open_restores_the_saved_screen(qtbot, window, tmp_path, monkeypatch):
    path = saved_model(tmp_path)
    window.session.add_unit(2)
    answer(monkeypatch, "open_path", str(path))
    qtbot.keyClick(window.canvas, Qt.Key_O, Qt.ControlModifier)
    model = bp.load_session(path)
    assert window.session.k == model.k and window.session.sizes == [2, 2, 2, 1]
    assert all(np.array_equal(a, b) for a, b in zip(window.session.model.thetas,
                                                   model.thetas))
    assert window.session.undo_stack.count() == 0
    assert window.windowTitle() == "lesson.bpstudio[*] — Backprop Studio"
    assert len(window.canvas.items_for_tests["nodes"]) == 7
    assert f"step {model.k}" in window.banner.where.text()
    assert "Opened lesson.bpstudio" in window.messages.text()


def test_timers_that_fall_due_run_between_reading_a_session_and_showing_it(qtbot, window,
                                                                           tmp_path):
    """Reading a session at step 10⁶ and showing it kept the GUI thread 60–75 ms in one
    block; a timer due meanwhile (a heartbeat, a paint) now runs between the two, while
    the old model is still the one shown."""
    from PySide6.QtCore import QTimer
    path = saved_model(tmp_path)
    old, seen = window.session.model, []
    QTimer.singleShot(0, lambda: seen.append(window.session.model is old))
    assert window.files.open_path(path)
    assert seen == [True]
    assert window.session.model is not old and window.session.k == bp.load_session(path).k


def test_a_corrupt_session_leaves_the_open_one_untouched(qtbot, window, tmp_path):
    bad = tmp_path / "bad.bpstudio"
    bad.write_text('{"format": "backprop-studio-session", "version": 99}', encoding="utf-8")
    qtbot.keyClick(window.canvas, Qt.Key_PageDown)
    model = window.session.model
    assert window.files.open_path(bad) is False
    assert window.session.model is model and window.session.k == 1
    assert window.messages.level == "error"
    assert "newer Backprop Studio" in window.messages.text()


@pytest.mark.parametrize("choice, closes, saved", [("cancel", False, False),
                                                   ("discard", True, False),
                                                   ("save", True, True)])
def test_closing_with_unsaved_changes_asks(qtbot, window, tmp_path, monkeypatch, choice,
                                           closes, saved):
    asked = []
    monkeypatch.setattr(DIALOGS, "save_changes",
                        lambda parent, name: asked.append(name) or choice)
    answer(monkeypatch, "save_path", str(tmp_path / "kept.bpstudio"))
    window.session.add_layer(2)
    window.close()
    assert asked == ["Untitled"]
    assert window.isVisible() is not closes
    assert (tmp_path / "kept.bpstudio").exists() is saved


def test_closing_unchanged_asks_nothing(qtbot, window, monkeypatch):
    asked = []
    monkeypatch.setattr(DIALOGS, "save_changes", lambda *a: asked.append(a) or "cancel")
    window.close()
    assert asked == [] and not window.isVisible()


def test_new_asks_and_cancel_keeps_the_work(qtbot, window, monkeypatch):
    window.session.add_unit(2)
    answer(monkeypatch, "save_changes", "cancel")
    qtbot.keyClick(window.canvas, Qt.Key_N, Qt.ControlModifier)
    assert window.session.sizes == [2, 3, 2, 1]
    answer(monkeypatch, "save_changes", "discard")
    qtbot.keyClick(window.canvas, Qt.Key_N, Qt.ControlModifier)
    assert window.session.sizes == [2, 2, 2, 1] and window.session.k == 0
    assert not window.isWindowModified()


def test_open_recent_lists_saved_files(qtbot, window, tmp_path, monkeypatch):
    path = saved_model(tmp_path)
    window.files.open_path(path)
    window.files.new()
    menu = window.files.recent_menu
    menu.aboutToShow.emit()
    entries = [a for a in menu.actions() if a.text() == "lesson.bpstudio"]
    assert len(entries) == 1
    entries[0].trigger()
    assert window.session.k == bp.load_session(path).k


def test_a_failed_save_says_so_and_keeps_the_changes_unsaved(qtbot, window, tmp_path,
                                                             monkeypatch):
    window.session.add_unit(2)
    answer(monkeypatch, "save_path", str(tmp_path / "no such folder" / "x.bpstudio"))
    assert window.files.save() is False
    assert window.isWindowModified() and window.messages.level == "error"
    assert "Could not save" in window.messages.text()


def drop(window, path: Path) -> bool:
    """Drag `path` over the window and drop it, as the platform does: DragEnter, then Drop.
    Returns whether the window accepted the drag."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.CopyAction, mime, Qt.LeftButton,
                            Qt.NoModifier)
    QApplication.sendEvent(window, enter)
    event = QDropEvent(QPointF(50, 50), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, event)
    return enter.isAccepted()


def test_dropping_a_session_file_opens_it(qtbot, window, tmp_path):
    path = saved_model(tmp_path, batches=2)
    assert drop(window, path)
    assert window.session.k == bp.load_session(path).k
    assert window.files.path == path
    other = tmp_path / "notes.docx"
    other.write_text("x")
    assert not drop(window, other)              # not a kind of file the studio opens
    assert window.files.path == path


def test_the_command_line_opens_a_session(qtbot, tmp_path, monkeypatch):
    path = saved_model(tmp_path, batches=4)
    monkeypatch.setattr(QApplication, "setOrganizationName", lambda *a: None)
    monkeypatch.setattr(QApplication, "setApplicationName", lambda *a: None)
    monkeypatch.setattr(QApplication, "setFont", lambda *a: None)   # not for later tests
    window = entry.launch([str(path)])
    qtbot.addWidget(window)
    assert window.session.k == bp.load_session(path).k
    assert window.windowTitle() == "lesson.bpstudio[*] — Backprop Studio"


def test_help_needs_no_display():
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    done = subprocess.run([sys.executable, "-m", "app", "--help"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("usage: backprop-studio")
    assert "a session (.bpstudio) to open" in done.stdout and done.stderr == ""


CRASH = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
app = QApplication([])
app.setOrganizationName("BackpropStudioTests"); app.setApplicationName("BackpropStudioTests")
from app.main_window import MainWindow
w = MainWindow(autosave_folder=sys.argv[1])
w.session.add_unit(2)
w.session.next_batch()
app.processEvents()          # the autosave after the edit runs
w.autosave.save_now()        # and the next minute's, with the step
os._exit(3)                  # a crash: no clean exit
"""


def test_after_a_crash_the_next_start_offers_the_autosave(qtbot, tmp_path):
    folder = tmp_path / "recovery"
    done = subprocess.run([sys.executable, "-c", CRASH, str(folder)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 3, done.stderr
    assert len(list(folder.glob("autosave-*.bpstudio"))) == 1
    window = MainWindow(autosave_folder=folder)
    qtbot.addWidget(window)
    window.show()
    window.offer_recovery()
    assert "did not close properly" in window.messages.text()
    restore = [b for b in window.messages.buttons if b.text() == "Restore"]
    restore[0].click()
    assert window.session.sizes == [2, 3, 2, 1] and window.session.k > 0
    assert window.isWindowModified() and window.files.path is None
    assert "Restored the session from before the crash" in window.messages.text()
    assert not any("autosave" in p for p in window.files.recent())   # no dead entry
    # the crashed window's file is gone; at most this window's own remains
    assert set(folder.glob("autosave-*.bpstudio")) <= {window.autosave.path}
    window.close()                              # a clean exit removes its own file
    assert list(folder.glob("autosave-*.bpstudio")) == []


def test_an_edit_is_autosaved_and_a_clean_exit_removes_it(qtbot, window):
    window.session.add_unit(2)
    qtbot.waitUntil(lambda: window.autosave.path.exists(), timeout=5000)
    assert bp.load_session(window.autosave.path).sizes == [2, 3, 2, 1]
    assert window.autosave.leftovers() == []      # its own file, held by its lock
    window.close()
    assert not window.autosave.path.exists()
