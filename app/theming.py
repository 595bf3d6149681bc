"""Theming the window: the Appearance's Look applied to every panel, and View ▸ Theme.

The canvas (and its legend), the banner, the message bar, the inspector, the plots, the
settings and data panels, the import preview and the teaching panels (boundary, matrices,
gradient check, accuracy, lecture) each restyle through their own set_look; the other
widgets follow the window's palette. A panel made before the theme was known (in its
default, light look) is put in the current look when Theming starts.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from app.appearance import CHOICE_TITLES, CHOICES, Appearance
from app.panel_style import visible_indicators


class Theming(QObject):
    def __init__(self, window, appearance: Appearance):
        super().__init__(window)
        self.window, self.appearance = window, appearance
        self._applied = appearance.look
        self.theme_actions: dict[str, QAction] = {}
        window.setPalette(self._applied.palette(window.palette()))
        visible_indicators(window, self._applied)
        for panel in self.panels():
            if getattr(panel, "look", None) != self._applied:
                panel.set_look(self._applied)
        appearance.sigChanged.connect(self.apply)

    def panels(self) -> list:
        w = self.window
        return [w.canvas, w.banner, w.messages, w.inspector, w.plots, w.settings_panel,
                w.data_panel, w.importer, *w.teaching.panels()]

    def apply(self) -> None:
        """Restyle every panel for the appearance's current look (once per change)."""
        look = self.appearance.look
        if look == self._applied:
            return
        self._applied = look
        self.window.setPalette(look.palette(self.window.palette()))
        visible_indicators(self.window, look)
        for panel in self.panels():
            panel.set_look(look)
        for name, action in self.theme_actions.items():
            action.setChecked(name == self.appearance.choice)

    def theme_menu(self, parent: QMenu) -> QMenu:
        """View ▸ Theme: follow the system, light, dark, high contrast (remembered)."""
        menu = parent.addMenu("Theme")
        group = QActionGroup(menu)
        group.setExclusive(True)
        for name in CHOICES:
            action = QAction(CHOICE_TITLES[name], self.window, checkable=True,
                             checked=name == self.appearance.choice)
            action.triggered.connect(lambda _c=False, n=name: self.appearance.set_theme(n))
            group.addAction(action)
            menu.addAction(action)
            self.theme_actions[name] = action
        return menu
