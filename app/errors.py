"""Last line of defence: an uncaught exception shows one dialog and the app goes on."""

from __future__ import annotations

import sys
import traceback

from PySide6.QtWidgets import QMessageBox


class ExceptionDialog:
    """Installed as sys.excepthook. Shows at most one dialog at a time (an error inside a
    repaint would otherwise stack dialogs); the traceback goes to stderr as well."""

    def __init__(self, parent=None):
        self.parent = parent
        self.showing = False
        self.count = 0
        self.previous = sys.excepthook

    def install(self) -> None:
        sys.excepthook = self

    def uninstall(self) -> None:
        sys.excepthook = self.previous

    def __call__(self, exc_type, exc, tb) -> None:
        self.count += 1
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        sys.stderr.write(text)
        if self.showing:
            return
        self.showing = True
        try:
            box = QMessageBox(QMessageBox.Warning, "Backprop Studio: unexpected error",
                              f"Something went wrong: {exc_type.__name__}: {exc}\n\n"
                              "Your network and training state are unchanged; you can go on "
                              "working.", QMessageBox.Ok, self.parent)
            box.setDetailedText(text)
            box.exec()
        finally:
            self.showing = False
