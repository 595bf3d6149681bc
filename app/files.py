"""File ▸ New, Open…, Open Recent, Save, Save As…: the session on disk.

Keeps which file the session came from and whether it has changed since (any edit, step or
view change: the file stores all of them). A failed open or save says why in the message
bar and leaves the session that was open as it was.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QSettings, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

import bpengine as bp
from app.prompts import DIALOGS

DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".mat")
RECENT_KEY, RECENT_MAX = "files/recent", 8


class SessionFiles(QObject):
    """The session's file. `importer` takes data files (Open… on a .csv, a dropped .mat)."""

    sigChanged = Signal()          # the file or its modified state changed

    def __init__(self, window, session, importer=None):
        super().__init__(window)
        self.window, self.session, self.importer = window, session, importer
        self.path: Path | None = None
        self.dirty = False
        for sig in (session.sigStepped, session.sigConfig, session.sigNetworkChanged,
                    session.sigView, session.sigSelection):
            sig.connect(self._touch)
        self._actions()

    @property
    def name(self) -> str:
        return self.path.name if self.path else "Untitled"

    def _actions(self) -> None:
        def act(text, slot, keys, tip):
            a = QAction(text, self.window)
            a.setShortcuts(keys)
            a.setToolTip(tip)
            a.setStatusTip(tip)
            a.triggered.connect(lambda _c=False: slot())
            self.window.addAction(a)
            return a
        self.new_action = act("&New", self.new, QKeySequence.New,
                              "A new session: the lecture's 2-2-2-1 network on XOR")
        self.open_action = act("&Open…", self.open, QKeySequence.Open,
                               "Open a saved session, or import a data file (CSV, .mat)")
        self.save_action = act("&Save", self.save, QKeySequence.Save, "Save the session")
        self.save_as_action = act("Save &As…", self.save_as,
                                  [QKeySequence("Ctrl+Shift+S")], "Save the session as …")
        self.import_action = act("&Import data…", self._import_data, [],
                                 "Import a CSV or MATLAB .mat file, with a preview first")
        self.recent_menu = QMenu("Open &Recent", self.window)
        self.recent_menu.aboutToShow.connect(self._fill_recent)

    # ---- opening ----

    def _import_data(self) -> None:
        if self.importer is not None:
            self.importer.ask()

    def new(self) -> None:
        if self.maybe_save():
            self.session.replace_model(bp.StudioModel())
            self._set(None)

    def open(self) -> None:
        folder = str(self.path.parent) if self.path else ""
        path = DIALOGS.open_path(self.window, folder)
        if path:
            self.open_path(path)

    def open_path(self, path) -> bool:
        """Open a session file, or import a data file (by its suffix)."""
        path = Path(path)
        if path.suffix.lower() in DATA_SUFFIXES:
            return bool(self.importer and self.importer.import_path(path))
        if not self.maybe_save():
            return False
        try:
            model = bp.load_session(path)
        except bp.SessionError as exc:
            self.session.say(f"Could not open the session. {exc}", "error")
            return False
        _let_timers_run()
        self.session.replace_model(model)
        self._set(path)
        self._remember(path)
        self.session.say(f"Opened {path.name} at step {model.k:,}.", "info")
        return True

    def recover(self, path) -> bool:
        """Open an autosave left by a crash as unsaved work: not a file of the user's, so
        it is not remembered in Open Recent and Save asks where."""
        try:
            model = bp.load_session(Path(path))
        except bp.SessionError as exc:
            self.session.say(f"Could not restore the session. {exc}", "error")
            return False
        _let_timers_run()
        self.session.replace_model(model)
        self._set(None)
        self._touch()
        self.session.say(f"Restored the session from before the crash, at step {model.k:,}. "
                         "Save it to keep it.", "info")
        return True

    # ---- saving ----

    def save(self) -> bool:
        return self._write(self.path) if self.path else self.save_as()

    def save_as(self) -> bool:
        suggested = str(self.path) if self.path else "untitled.bpstudio"
        path = DIALOGS.save_path(self.window, suggested)
        return self._write(Path(path)) if path else False

    def _write(self, path: Path) -> bool:
        self.session.hold_still()         # the file holds the step a worker job stopped at
        try:
            bp.save_session(path, self.session.model)
        except bp.SessionError as exc:
            self.session.say(str(exc), "error")
            return False
        self._set(path)
        self._remember(path)
        self.session.say(f"Saved {path.name}.", "info")
        return True

    def maybe_save(self) -> bool:
        """True when it is fine to let the current session go: nothing unsaved, saved now,
        or the user chose to discard it. False: cancelled (or the save failed)."""
        if not self.dirty:
            return True
        answer = DIALOGS.save_changes(self.window, self.name)
        if answer == "save":
            return self.save()
        return answer == "discard"

    # ---- state ----

    def _touch(self) -> None:
        if not self.dirty:
            self.dirty = True
            self.sigChanged.emit()

    def _set(self, path: Path | None) -> None:
        self.path, self.dirty = path, False
        self.sigChanged.emit()

    def recent(self) -> list[str]:
        value = QSettings().value(RECENT_KEY, [])
        items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        return [p for p in items if isinstance(p, str)][:RECENT_MAX]

    def _remember(self, path: Path) -> None:
        text = str(path.resolve())
        items = [text] + [p for p in self.recent() if p != text]
        QSettings().setValue(RECENT_KEY, items[:RECENT_MAX])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        items = self.recent()
        for p in items:
            action = self.recent_menu.addAction(Path(p).name)
            action.setToolTip(p)
            action.setStatusTip(p)
            action.triggered.connect(lambda _c=False, p=p: self.open_path(p))
        if not items:
            self.recent_menu.addAction("No recent files").setEnabled(False)


def _let_timers_run() -> None:
    """Between reading a session and showing it: the timers and paints that fell due run
    first (no user input: nothing can change what is being opened), so the GUI thread is
    blocked twice for ~15 and ~45 ms instead of once for ~60 (a session at step 10⁶)."""
    QCoreApplication.processEvents(QEventLoop.ExcludeUserInputEvents)
