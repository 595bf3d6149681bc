"""An inline message bar: refused edits, a diverging run, load errors, offers such as
"restore the autosaved session". Nothing modal.

Laid over the top edge of the canvas (`float_over`) rather than in the window's layout, so
a message coming or going never moves the network; the canvas keeps a band that high clear
above the network, so a message covers none of it. Colours from the theme."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QToolButton, QWidget

from app.theme import Look

ICON = {"error": "⚠", "info": "ℹ"}
BORDER_PX = 2


class MessageBar(QWidget):
    """Shows session.sigMessage; errors stay until closed, info fades after a few seconds.
    show_message(..., actions=[(text, callback), …]) adds buttons; the message then stays
    until one is pressed or it is dismissed. show_progress(...) shows a long move's
    progress with a Stop button instead, until end_progress()."""

    def __init__(self, session, parent: QWidget | None = None, look: Look | None = None):
        super().__init__(parent)
        self.look = look or Look()
        self._over: QWidget | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)
        close = QToolButton(text="✕")
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(10, 6, 10, 6)
        self._row.addWidget(self.label, 1)
        self.progress = QProgressBar(maximum=1000, textVisible=False)
        self.progress.setFixedWidth(140)
        self.stop = QPushButton("Stop")
        self.stop.setToolTip("Stop here (Esc): every step reached so far stays reachable")
        self._on_stop = None
        self.stop.clicked.connect(lambda: self._on_stop and self._on_stop())
        for w in (self.progress, self.stop):
            w.hide()
            self._row.addWidget(w)
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
        self.progress.hide()
        self.stop.hide()
        self._paint()
        self.label.setText(f"{ICON.get(level, '')}  {text}")
        self._set_buttons(actions)
        self.show()
        self._place()
        self.raise_()
        if level == "info" and not actions:
            self._timer.start()
        else:
            self._timer.stop()

    def show_progress(self, text: str, fraction: float, stop_text: str, on_stop) -> None:
        """A long move under way: text, a bar (fraction 0…1) and a button that stops it;
        fraction below 0 (Train mode, no end): no bar, the text says the rate (Qt's busy bar
        would repaint itself over the canvas in every frame the training has). An error on
        show is not pushed away by it."""
        if self.isVisible() and self.level == "error" and self.stop.isHidden():
            return
        self.level, self._on_stop = "info", on_stop
        self._timer.stop()
        self._set_buttons(())
        if fraction >= 0:
            self.progress.setValue(round(1000 * fraction))
        changed = text != self.label.text()
        self.label.setText(text)
        self.stop.setText(stop_text)
        if self.stop.isHidden() or not self.isVisible():
            self._paint()
            self.progress.setVisible(fraction >= 0)
            self.stop.show()
            self.show()
            self._place()
            self.raise_()
        elif changed:
            self._place()     # a longer text may wrap onto another line: the height follows

    def end_progress(self) -> None:
        if not self.stop.isHidden():
            self.progress.hide()
            self.stop.hide()
            self._on_stop = None
            super().hide()

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

    # ---- look and place ----

    def set_look(self, look: Look) -> None:
        self.look = look
        font = look.widget_font(self.font(), "message_pt")
        self.label.setFont(font)
        self._paint()
        self._reserve()
        self._place()

    def _paint(self) -> None:
        t = self.look.theme
        back, ink, edge = t.error if self.level == "error" else t.info
        rule = f"background:{back}; color:{ink};"
        self.setStyleSheet(f"MessageBar {{ {rule} border:{BORDER_PX}px solid {edge}; }}"
                           f" QLabel {{ {rule} border:none; }}")
        self.setAutoFillBackground(True)

    def float_over(self, widget: QWidget) -> None:
        """Lie over the top edge of `widget` (a sibling), following its size. A widget with
        reserve_top(px) (the canvas) is asked to keep a band that high clear, so that a
        message, or Train mode's rate shown for as long as it trains, covers nothing there
        (the layer titles and their activation menus)."""
        self._over = widget
        widget.installEventFilter(self)
        self._reserve()
        self._place()

    def band_height(self) -> int:
        """The height of a one-line message with the Stop button (the bar in Train mode)."""
        m = self._row.contentsMargins()
        line = max(self.label.fontMetrics().height(), self.stop.sizeHint().height(),
                   self.progress.sizeHint().height())
        return m.top() + m.bottom() + line + 2 * BORDER_PX

    def _reserve(self) -> None:
        if self._over is not None and hasattr(self._over, "reserve_top"):
            self._over.reserve_top(self.band_height())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self._over and event.type() in (QEvent.Resize, QEvent.Move):
            self._place()
        return False

    def _place(self) -> None:
        over = self._over
        if over is None or not self.isVisible():
            return
        width = over.width()
        height = max(self.minimumSizeHint().height(), self.heightForWidth(width)
                     if self.hasHeightForWidth() else self.sizeHint().height())
        self.setGeometry(over.x(), over.y(), width, height)
