"""The window's appearance: which theme, the presentation's text scale, and the Look of now.

The theme follows the system's colour scheme by default ("system": dark when the desktop
is dark, high contrast when it asks for it) or is chosen in View ▸ Theme; the text scale
applies in the presentation mode (Ctrl+= / Ctrl+- / Ctrl+0 there). Both persist in
QSettings. A lesson may set them for its window without persisting them (`apply_lesson`).
Views read `look` and restyle on sigChanged.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QGuiApplication

from app.stored import stored
from app.theme import THEMES, Look

CHOICES = ("system", "light", "dark", "high-contrast")
CHOICE_TITLES = {"system": "Follow the system", "light": "Light", "dark": "Dark",
                 "high-contrast": "High contrast"}
THEME_KEY, SCALE_KEY = "appearance/theme", "presentation/font_scale"
# text scales Ctrl+= / Ctrl+- step through; 1 is the window's own size
SCALES = (0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5)
DEFAULT_SCALE = 1.25
PRESENTING_STROKES = 1.5     # thicker lines in the presentation mode


def system_theme() -> str:
    """"dark", "high-contrast" or "light", as the desktop asks."""
    hints = QGuiApplication.styleHints()
    access = getattr(hints, "accessibility", None)
    contrast = getattr(Qt, "ContrastPreference", None)
    if access is not None and contrast is not None:
        try:
            if access().contrastPreference() == contrast.HighContrast:
                return "high-contrast"
        except (AttributeError, RuntimeError):
            pass
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


class Appearance(QObject):
    sigChanged = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._choice = stored(THEME_KEY, "system", lambda v: v in CHOICES)
        self._scale = stored(SCALE_KEY, DEFAULT_SCALE, lambda v: SCALES[0] <= v <= SCALES[-1])
        self.presenting = False
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_changed)

    # ---- reading ----

    @property
    def choice(self) -> str:
        """"system", "light", "dark" or "high-contrast"."""
        return self._choice

    @property
    def theme_name(self) -> str:
        """The theme in use ("system" resolved)."""
        return system_theme() if self._choice == "system" else self._choice

    @property
    def font_scale(self) -> float:
        """The presentation mode's text scale (1 = the window's own size)."""
        return self._scale

    @property
    def look(self) -> Look:
        presenting = self.presenting
        return Look(THEMES[self.theme_name], self._scale if presenting else 1.0,
                    PRESENTING_STROKES if presenting else 1.0)

    # ---- changing ----

    def set_theme(self, choice: str, persist: bool = True) -> None:
        if choice not in CHOICES:
            raise ValueError(f"the theme must be one of {', '.join(CHOICES)}, not {choice!r}")
        if persist:
            QSettings().setValue(THEME_KEY, choice)
        if choice != self._choice:
            self._choice = choice
            self.sigChanged.emit()

    def set_font_scale(self, scale: float, persist: bool = True) -> None:
        scale = min(max(float(scale), SCALES[0]), SCALES[-1])
        if persist:
            QSettings().setValue(SCALE_KEY, scale)
        if scale != self._scale:
            self._scale = scale
            if self.presenting:
                self.sigChanged.emit()

    def bigger_text(self) -> None:
        self.set_font_scale(next((s for s in SCALES if s > self._scale + 1e-9), SCALES[-1]))

    def smaller_text(self) -> None:
        self.set_font_scale(next((s for s in reversed(SCALES) if s < self._scale - 1e-9),
                                 SCALES[0]))

    def reset_text(self) -> None:
        self.set_font_scale(1.0)

    def set_presenting(self, on: bool) -> None:
        if on != self.presenting:
            self.presenting = on
            self.sigChanged.emit()

    def apply_lesson(self, theme: str | None, scale: float | None) -> None:
        """A lesson's theme and text scale, for this window only (not persisted)."""
        if theme in CHOICES:
            self.set_theme(theme, persist=False)
        if isinstance(scale, (int, float)) and not isinstance(scale, bool):
            self.set_font_scale(scale, persist=False)

    def _system_changed(self, _scheme) -> None:
        if self._choice == "system":
            self.sigChanged.emit()
