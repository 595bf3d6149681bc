"""Drag and drop onto the window: a session file opens, a data file is imported."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject

from app.files import DATA_SUFFIXES

SUFFIXES = (".bpstudio", *DATA_SUFFIXES)


def dropped_path(mime) -> Path | None:
    """The first local file of a known kind the drag carries, or None."""
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in SUFFIXES:
            return Path(url.toLocalFile())
    return None


class FileDrops(QObject):
    """An event filter on the window that hands dropped files to SessionFiles.open_path."""

    def __init__(self, window, files):
        super().__init__(window)
        self.files = files
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind in (QEvent.DragEnter, QEvent.DragMove):
            if dropped_path(event.mimeData()) is not None:
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Drop:
            path = dropped_path(event.mimeData())
            if path is not None:
                event.acceptProposedAction()
                self.files.open_path(path)
                return True
        return super().eventFilter(watched, event)
