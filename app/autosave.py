"""Crash recovery: the session autosaved every 60 s and after each edit.

Each running window writes its own recovery file in the platform's app-data folder
(QStandardPaths.AppDataLocation/recovery) and holds a QLockFile beside it. A clean exit
deletes both. A recovery file whose lock is stale (its process is gone: it crashed) is a
leftover the next start offers to restore.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, QTimer

import bpengine as bp

INTERVAL_MS = 60_000


def default_folder() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.AppDataLocation)
    return Path(base) / "recovery"


class Autosave(QObject):
    """Autosaves `session` to its own recovery file in `folder` while the window runs."""

    def __init__(self, session, folder: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.folder = Path(folder) if folder else default_folder()
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
        self.path = self.folder / f"autosave-{stamp}.bpstudio"
        self._lock = QLockFile(str(self.path) + ".lock")
        self._lock.tryLock(0)
        self.changed = False
        self.failed = False
        self.timer = QTimer(self, interval=INTERVAL_MS)
        self.timer.timeout.connect(self.save_if_changed)
        self.timer.start()
        for sig in (session.sigStepped, session.sigConfig, session.sigNetworkChanged):
            sig.connect(self._mark)
        # after each edit, once the edit's signals have all been handled (a method, not a
        # lambda: Qt drops the connection with this object when a session outlives it)
        session.undo_stack.indexChanged.connect(self._edited)

    def _edited(self, _index: int) -> None:
        QTimer.singleShot(0, self, self.save_now)

    def _mark(self) -> None:
        self.changed = True

    def save_if_changed(self) -> None:
        if self.changed:
            self.save_now()

    def save_now(self) -> None:
        """Write the recovery file. A failure is said once, not at every minute. Not while
        a job runs (app/jobs.py): on a worker nothing may read the model it moves, and in
        slices writing a long history stalls the frames (1.4 s at 10⁶ updates); what it
        trains is replayable, and the first minute after it saves it."""
        if self.session.jobs.busy:
            self.changed = True
            return
        try:
            bp.save_session(self.path, self.session.model)
        except bp.SessionError as exc:
            if not self.failed:
                self.session.say(f"Autosave failed: {exc}", "error")
            self.failed = True
            return
        self.changed, self.failed = False, False

    def leftovers(self) -> list[Path]:
        """Recovery files of windows that did not close cleanly, newest first."""
        found = []
        for path in self.folder.glob("autosave-*.bpstudio"):
            if path == self.path:
                continue
            lock = QLockFile(str(path) + ".lock")
            if lock.tryLock(0):          # nobody holds it: its window crashed
                lock.unlock()
                found.append(path)
        return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)

    def discard(self, paths) -> None:
        for path in paths:
            with contextlib.suppress(OSError):
                Path(path).unlink()
            with contextlib.suppress(OSError):
                Path(str(path) + ".lock").unlink()

    def clean_exit(self) -> None:
        """The window closed normally: nothing to recover."""
        self.timer.stop()
        with contextlib.suppress(OSError):
            self.path.unlink()
        self._lock.unlock()
