"""Presentation mode and the presenter remote's keys.

F5 (View ▸ Presentation mode) fills the screen with the canvas and the panels the
instructor chose (View ▸ Panels while presenting; default the banner and the cost plot,
remembered in QSettings): toolbar and menus hidden, the edit buttons off the canvas, all
text scaled by the presentation's text scale (Ctrl+= / Ctrl+- / Ctrl+0 while presenting,
remembered) and thicker strokes. Esc leaves it (and plain full screen).

A presenter remote sends PageDown / PageUp, → / ←, B or '.' (blank), sometimes F5 / Esc.
The stepping keys are window actions, so they work with the menus hidden; B and '.' blank
the window to black in every mode, until any key or click.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QPainter
from PySide6.QtWidgets import QMenu, QWidget

PANELS = {"banner": "Step banner", "plots": "Cost and accuracy", "inspector": "Inspector",
          "settings": "Settings", "data": "Data", "boundary": "Decision boundary",
          "matrices": "Matrices", "check": "Gradient check", "accuracy": "Accuracy",
          "lecture": "Lecture"}
TEACHING_DOCKS = {"boundary": "Boundary", "matrices": "Matrices", "check": "Gradient check",
                  "accuracy": "Accuracy"}
DEFAULT_PANELS = ("banner", "plots")
PANELS_KEY = "presentation/panels"
RIGHT_SHARE = 0.33       # of the width, for the docks shown while presenting


def read_panels() -> list[str]:
    """The remembered choice of panels, defensively: unknown names are dropped."""
    raw = QSettings().value(PANELS_KEY)
    if raw is None:
        return list(DEFAULT_PANELS)
    items = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
    return [p for p in PANELS if p in items]


class Blank(QWidget):
    """Black over the whole window until any key or click. It takes the keyboard (and
    overrides the window's shortcuts, so the key that wakes it does nothing else)."""

    sigWoken = Signal()

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setFocusPolicy(Qt.StrongFocus)
        self.setAttribute(Qt.WA_OpaquePaintEvent)
        self.hide()
        self._before: QWidget | None = None
        window.installEventFilter(self)

    def blank(self) -> None:
        window = self.parentWidget()
        self._before = window.focusWidget()
        self.setGeometry(window.rect())
        self.show()
        self.raise_()
        self.setFocus(Qt.OtherFocusReason)

    def wake(self) -> None:
        if not self.isVisible():
            return
        self.hide()
        if self._before is not None:
            self._before.setFocus(Qt.OtherFocusReason)
        self.sigWoken.emit()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.parentWidget() and event.type() == QEvent.Resize and self.isVisible():
            self.setGeometry(obj.rect())
        return False

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.ShortcutOverride:   # every key is ours while black
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.key() not in (Qt.Key_Shift, Qt.Key_Control, Qt.Key_Alt, Qt.Key_Meta):
            self.wake()
        event.accept()

    def mousePressEvent(self, event) -> None:
        self.wake()
        event.accept()

    def paintEvent(self, event) -> None:
        QPainter(self).fillRect(self.rect(), Qt.black)


class Presentation(QObject):
    """Enter / leave the presentation mode; the remote's keys; the panel choice."""

    sigChanged = Signal(bool)

    def __init__(self, window, appearance):
        super().__init__(window)
        self.window, self.appearance = window, appearance
        self.active = False
        self.panels = read_panels()
        self._saved: dict = {}
        self.blank_screen = Blank(window)
        self.toggle_action = self._act("Presentation mode", self.toggle, ["F5", "Shift+F5"],
                                       "Full screen, the canvas and the panels you chose, "
                                       "large type (Esc leaves)")
        self.toggle_action.setCheckable(True)
        self.leave_action = self._act("Leave presentation", self.escape, ["Esc"],
                                      "Stop playing or training, else leave the "
                                      "presentation mode or full screen")
        self.blank_action = self._act("Blank the screen", self.blank_screen.blank, ["B", "."],
                                      "Black until any key (a presenter remote's B or '.')")
        self.bigger_action = self._act("Larger text", appearance.bigger_text, (),
                                       "Presentation text larger (Ctrl+= while presenting)")
        self.smaller_action = self._act("Smaller text", appearance.smaller_text, (),
                                        "Presentation text smaller (Ctrl+- while presenting)")
        self.reset_action = self._act("Text at 100 %", appearance.reset_text, (),
                                      "Presentation text at the window's size (Ctrl+0)")
        self.panel_actions: dict[str, QAction] = {}
        for name, title in PANELS.items():
            action = QAction(title, window, checkable=True, checked=name in self.panels)
            action.triggered.connect(lambda on, n=name: self.choose(n, on))
            self.panel_actions[name] = action

    def _act(self, text, slot, keys, tip) -> QAction:
        action = QAction(text, self.window)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _c=False: slot())
        self.window.addAction(action)      # shortcuts work with the menus hidden
        return action

    def menu(self, parent: QMenu) -> None:
        """View ▸ Presentation mode, Blank the screen, and the Presentation submenu (panels
        and text size)."""
        parent.addAction(self.toggle_action)
        parent.addAction(self.blank_action)
        sub = parent.addMenu("Presentation")
        sub.addSection("Panels shown")
        sub.addActions(list(self.panel_actions.values()))
        sub.addSection("Text size")
        sub.addActions([self.bigger_action, self.smaller_action, self.reset_action])

    # ---- the panel choice ----

    def choose(self, name: str, on: bool, persist: bool = True) -> None:
        """Show panel `name` while presenting, or not (remembered)."""
        chosen = set(self.panels) | {name} if on else set(self.panels) - {name}
        self.set_panels([p for p in PANELS if p in chosen], persist)

    def set_panels(self, panels, persist: bool = True) -> None:
        self.panels = [p for p in PANELS if p in panels]
        if persist:
            QSettings().setValue(PANELS_KEY, self.panels)
        for name, action in self.panel_actions.items():
            action.setChecked(name in self.panels)
        if self.active:
            self._show_panels(self.panels)

    def widgets(self) -> dict[str, QWidget]:
        w = self.window
        found = {"banner": w.banner, "plots": w.plots_dock, "inspector": w.inspector_dock,
                 "settings": w.settings_dock, "data": w.data_dock}
        teaching = getattr(w, "teaching", None)
        if teaching is not None:
            found.update({k: teaching.docks[t] for k, t in TEACHING_DOCKS.items()
                          if t in teaching.docks})
            found["lecture"] = teaching.lecture_dock
        return found

    def shown_panels(self) -> list[str]:
        return [name for name, widget in self.widgets().items() if widget.isVisible()]

    def _show_panels(self, panels) -> None:
        for name, widget in self.widgets().items():
            widget.setVisible(name in panels)

    # ---- entering and leaving ----

    def toggle(self) -> None:
        self.leave() if self.active else self.enter()

    def enter(self) -> None:
        if self.active:
            return
        w = self.window
        canvas = w.canvas
        self._saved = {"state": w.windowState(), "dock_state": w.saveState(),
                       "banner": w.banner.isVisible(), "menubar": w.menuBar().isVisible(),
                       "chrome": canvas._chrome_visible,
                       "keys": [(a, a.shortcuts()) for a in self._zoom_actions()]}
        self.active = True
        self._swap_keys(True)
        w.toolbar.hide()
        w.menuBar().hide()
        self._show_panels(self.panels)
        canvas.set_edit_controls_visible(False)
        self.appearance.set_presenting(True)
        w.setWindowState(w.windowState() | Qt.WindowFullScreen)
        self._sync()
        QTimer.singleShot(0, self, self._narrow_docks)   # once the window is full screen

    def _narrow_docks(self) -> None:
        """The canvas is the show: the right column takes a quarter of the width."""
        w = self.window
        docks = [d for name, d in self.widgets().items() if name != "banner"
                 and d.isVisible() and not d.isFloating()]
        if self.active and docks:
            w.resizeDocks(docks, [int(w.width() * RIGHT_SHARE)] * len(docks), Qt.Horizontal)

    def escape(self) -> None:
        """Esc: stop what is moving (play, Train, a long jump) first; else leave."""
        session = self.window.session
        if session.moving:
            session.set_playing(False)
            session.jobs.stop()
            return
        self.leave()

    def leave(self) -> None:
        """Leave the presentation mode; outside it, leave plain full screen."""
        w = self.window
        if not self.active:
            if w.isFullScreen():
                w.setWindowState(w.windowState() & ~Qt.WindowFullScreen)
                self._sync()
            return
        saved = self._saved
        self.active = False
        self._swap_keys(False)
        self.appearance.set_presenting(False)
        w.setWindowState(saved["state"])
        w.restoreState(saved["dock_state"])
        # again once the window manager has given the window its size back: dock sizes
        # restored into the full-screen window would be stretched
        QTimer.singleShot(150, self, lambda: self.active or w.restoreState(saved["dock_state"]))
        w.banner.setVisible(saved["banner"])
        w.menuBar().setVisible(saved["menubar"])
        w.canvas.set_edit_controls_visible(saved["chrome"])
        self._sync()

    def _zoom_actions(self) -> list[QAction]:
        a = self.window.actions_
        return [a.zoom_in, a.zoom_out, a.fit]

    def _swap_keys(self, presenting: bool) -> None:
        """Ctrl+= / Ctrl+- / Ctrl+0 zoom the canvas, but scale the text while presenting."""
        text = [self.bigger_action, self.smaller_action, self.reset_action]
        for (zoom, keys), mine in zip(self._saved["keys"], text):
            zoom.setShortcuts([] if presenting else keys)
            mine.setShortcuts(keys if presenting else [])

    def _sync(self) -> None:
        w = self.window
        self.toggle_action.setChecked(self.active)
        w.actions_.full_screen.setChecked(bool(w.windowState() & Qt.WindowFullScreen))
        self.sigChanged.emit(self.active)
