"""Whether a panel is on screen, for panels that leave their work until they are.

In Qt 6 a dock tabbed away behind another stays isVisible() (it is moved off screen), so
isVisible() alone cannot tell; the dock's visibilityChanged(bool) does, and it fires when
its tab is selected or unselected. A panel mixes OnScreen in, calls follow_dock(dock) once
it has a dock (the window does), asks on_screen() before costly work, and does the work it
left in catch_up(), which runs when it comes on screen (tab chosen, or shown).
"""

from __future__ import annotations


class OnScreen:
    _dock_shown: bool | None = None     # None: no dock, isVisible() decides

    def on_screen(self) -> bool:
        return self.isVisible() and self._dock_shown is not False

    def follow_dock(self, dock) -> None:
        self._dock_shown = False
        dock.visibilityChanged.connect(self._dock_visibility)

    def _dock_visibility(self, visible: bool) -> None:
        self._dock_shown = bool(visible)
        if visible:
            self.catch_up()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.on_screen():
            self.catch_up()

    def catch_up(self) -> None:
        """Do the work left while off screen (panels override)."""
