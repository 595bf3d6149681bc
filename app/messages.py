"""An inline message bar: refused edits, a diverging run, load errors. Nothing modal."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

STYLE = {
    "error": "background:#fde8d7; color:#5a1a00; border:2px solid #c0501a;",
    "info": "background:#e6eef8; color:#0d2a4a; border:2px solid #4a78b0;",
}
ICON = {"error": "⚠", "info": "ℹ"}


class MessageBar(QWidget):
    """Shows session.sigMessage; errors stay until closed, info fades after a few seconds."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        close = QToolButton(text="✕")
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        row.addWidget(self.label, 1)
        row.addWidget(close)
        self.level = "info"
        self._timer = QTimer(self, singleShot=True, interval=5000)
        self._timer.timeout.connect(self.hide)
        session.sigMessage.connect(self.show_message)
        self.hide()

    def show_message(self, text: str, level: str = "info") -> None:
        self.level = level
        self.setStyleSheet(f"MessageBar {{ {STYLE.get(level, STYLE['info'])} }}"
                           f" QLabel {{ {STYLE.get(level, STYLE['info'])} border:none; }}")
        self.setAutoFillBackground(True)
        self.label.setText(f"{ICON.get(level, '')}  {text}")
        self.show()
        if level == "info":
            self._timer.start()
        else:
            self._timer.stop()

    def text(self) -> str:
        return self.label.text()
