"""The Help menu's actions: Backpropagation (F1: the lecture page at the section of the
current micro-step), Keys and About. Keys and About open in a window of their own that does
not block the studio (show(), never exec(): nothing modal, and tests never wait on it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout

from app.help.about import about_markdown
from app.help.keys import keys_html

PAGE_PT = 13


class HelpWindow(QDialog):
    """A non-modal window showing one help page (rich text or Markdown)."""

    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(False)
        self.browser = QTextBrowser(objectName="helpPage")
        self.browser.setOpenExternalLinks(False)
        font = self.browser.font()
        font.setPointSizeF(PAGE_PT)
        self.browser.document().setDefaultFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.resize(640, 560)

    def text(self) -> str:
        return self.browser.toPlainText()


class HelpActions:
    """lecture (F1), keys, about: QActions of the window; `actions` in menu order."""

    def __init__(self, window, open_lecture):
        self.window = window
        self._open_lecture = open_lecture
        self.keys_window: HelpWindow | None = None
        self.about_window: HelpWindow | None = None
        keys = QKeySequence.keyBindings(QKeySequence.HelpContents)
        if QKeySequence("F1") not in keys:
            keys.insert(0, QKeySequence("F1"))
        self.lecture = self._act("&Backpropagation (the lecture)", self.show_lecture, keys,
                                 "The lecture's derivation, each equation linked to the "
                                 "micro-step that computes it; F1 opens the section of the "
                                 "current step")
        self.keys = self._act("&Keys", self.show_keys, (), "Every keyboard shortcut")
        self.about = self._act("&About Backprop Studio", self.show_about, (),
                               "Version, licence, the lecture and the datasets' sources")
        self.about.setMenuRole(QAction.AboutRole)
        self.actions = [self.lecture, self.keys, self.about]

    def _act(self, text, slot, keys, tip) -> QAction:
        action = QAction(text, self.window)
        if keys:
            action.setShortcuts(list(keys))
            action.setShortcutContext(Qt.ApplicationShortcut)
            shown = ", ".join(k.toString(QKeySequence.NativeText) for k in action.shortcuts())
            tip = f"{tip} ({shown})"
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _c=False: slot())
        self.window.addAction(action)
        return action

    def show_lecture(self) -> None:
        self._open_lecture()

    def show_keys(self) -> None:
        if self.keys_window is None:
            self.keys_window = HelpWindow("Keys — Backprop Studio", self.window)
        self.keys_window.browser.setHtml(keys_html(self.window))   # the actions of now
        self._raise(self.keys_window)

    def show_about(self) -> None:
        if self.about_window is None:
            self.about_window = HelpWindow("About Backprop Studio", self.window)
            self.about_window.browser.setMarkdown(about_markdown())
        self._raise(self.about_window)

    @staticmethod
    def _raise(w: HelpWindow) -> None:
        w.show()
        w.raise_()
        w.activateWindow()
