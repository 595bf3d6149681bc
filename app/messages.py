"""An inline message bar: refused edits, a diverging run, load errors, offers such as
"restore the autosaved session". Nothing modal."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

STYLE = {
    "error": "background:#fde8d7; color:#5a1a00; border:2px solid #c0501a;",
    "info": "background:#e6eef8; color:#0d2a4a; border:2px solid #4a78b0;",
}
ICON = {"error": "⚠", "info": "ℹ"}


class MessageBar(QWidget):
    """Shows session.sigMessage; errors stay until closed, info fades after a few seconds.
    show_message(..., actions=[(text, callback), …]) adds buttons; the message then stays
    until one is pressed or it is dismissed."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        close = QToolButton(text="✕")
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(10, 6, 10, 6)
        self._row.addWidget(self.label, 1)
        self._row.addWidget(close)
        self.buttons: list[QPushButton] = []
        self.level = "info"
        self._timer = QTimer(self, singleShot=True, interval=5000)
        self._timer.timeout.connect(self.hide)
        session.sigMessage.connect(self.show_message)
        self.hide()

    def show_message(self, text: str, level: str = "info", actions=()) -> None:
        if self.buttons and not actions and self.isVisible() and level == "info":
            return     # an open offer is not pushed away by a passing remark
        self.level = level
        self.setStyleSheet(f"MessageBar {{ {STYLE.get(level, STYLE['info'])} }}"
                           f" QLabel {{ {STYLE.get(level, STYLE['info'])} border:none; }}")
        self.setAutoFillBackground(True)
        self.label.setText(f"{ICON.get(level, '')}  {text}")
        self._set_buttons(actions)
        self.show()
        if level == "info" and not actions:
            self._timer.start()
        else:
            self._timer.stop()

    def _set_buttons(self, actions) -> None:
        for b in self.buttons:
            self._row.removeWidget(b)
            b.deleteLater()
        self.buttons = []
        for i, (text, callback) in enumerate(actions):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, f=callback: (self.hide(), f()))
            self._row.insertWidget(1 + i, button)
            self.buttons.append(button)

    def hide(self) -> None:
        super().hide()
        if self.buttons:
            self._set_buttons(())

    def text(self) -> str:
        return self.label.text()
