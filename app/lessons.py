"""File ▸ Save Lesson…: the session plus how the class is to see it.

A lesson is a session file (.bpstudio, the same versioned format) whose view options hold
    {"lesson": {"version": 1, "panels": [...], "presenting": bool, "theme": "dark",
                "font_scale": 1.5, "start_step": K}}
Opening it, however a session opens (File ▸ Open, Open Recent, the command line, a drop),
puts the window where the instructor planned: those panels, that theme and text scale for
this window (not made the user's defaults: the lesson's look goes when another file
opens), at micro-step K, in the presentation mode if it was saved in it. Older session
files have no "lesson" and open as before; a lesson part that is wrong in some way is
ignored part by part, with a message.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction

from app.appearance import CHOICE_TITLES, CHOICES, SCALES
from app.presentation import PANELS
from app.prompts import DIALOGS

LESSON_VERSION = 1
MAX_REPLAY = 100_000   # steps a lesson may start beyond its saved position


class Lessons(QObject):
    def __init__(self, window, session, files, presentation, appearance):
        super().__init__(window)
        self.window, self.session, self.files = window, session, files
        self.presentation, self.appearance = presentation, appearance
        self.save_action = QAction("Save &Lesson…", window)
        tip = ("Save the session with the panels shown, the theme, the text scale and this "
               "step, to open in class exactly here")
        self.save_action.setToolTip(tip)
        self.save_action.setStatusTip(tip)
        self.save_action.triggered.connect(lambda _c=False: self.save())
        self._look_before: tuple[str, float] | None = None
        session.sigModelReplaced.connect(self._replaced)

    def lesson(self) -> dict:
        """The window as a lesson: what it shows now, from the current step."""
        p, a = self.presentation, self.appearance
        return {"version": LESSON_VERSION, "panels": p.panels if p.active else p.shown_panels(),
                "presenting": p.active, "theme": a.choice, "font_scale": a.font_scale,
                "start_step": self.session.k}

    def save(self) -> bool:
        """Ask where, then write the session with the lesson in its view options."""
        suggested = str(self.files.path) if self.files.path else "lesson.bpstudio"
        path = DIALOGS.save_path(self.window, suggested)
        if not path:
            return False
        self.session.set_view(lesson=self.lesson())
        return self.files._write(Path(path))

    # ---- opening ----

    def _replaced(self) -> None:
        # after the replacement's own signals have rebuilt the views
        QTimer.singleShot(0, self, self.apply_current)

    def apply_current(self) -> None:
        """Apply the lesson of the session now open, if it has one; a file without one
        gives back the look the window had before a lesson changed it."""
        lesson = self.session.view.options.get("lesson")
        if lesson is None:
            self._restore_look()
            return
        problems = []
        data = read_lesson(lesson, problems)
        if data:
            self._apply(data)
        if problems:
            self.session.say("This lesson could not be followed in full: "
                             + "; ".join(problems) + ".", "error")

    def _apply(self, d: dict) -> None:
        a, p = self.appearance, self.presentation
        if "theme" in d or "font_scale" in d:
            if self._look_before is None:
                self._look_before = (a.choice, a.font_scale)
            a.apply_lesson(d.get("theme"), d.get("font_scale"))
        step, at = d.get("start_step"), self.session.k
        if step is not None and step != at:
            if step > at + MAX_REPLAY:   # a replay that long would hang the class
                self.session.say(f"The lesson starts at step {step:,}, far beyond the "
                                 f"{at:,} it was saved at; it opens there.", "error")
            else:
                self.session.seek(step)   # a long replay goes on as a job: not there yet
                at = step
        if "panels" in d:
            if d.get("presenting") or p.active:
                p.set_panels(d["panels"], persist=False)
            else:
                for name, widget in p.widgets().items():
                    widget.setVisible(name in d["panels"])
        if d.get("presenting") and not p.active:
            p.enter()
        parts = []
        if "theme" in d:
            parts.append(f"{CHOICE_TITLES[d['theme']].lower()} theme")
        if "font_scale" in d:
            parts.append(f"text at {d['font_scale']:.0%} when presenting")
        parts.append(f"step {at:,}")
        self.session.say("Lesson opened: " + ", ".join(parts) + ".", "info")

    def _restore_look(self) -> None:
        if self._look_before is not None:
            self.appearance.apply_lesson(*self._look_before)
            self._look_before = None


def read_lesson(obj, problems: list[str]) -> dict:
    """The usable parts of a lesson, each checked; what is wrong goes to `problems`, in
    words."""
    if not isinstance(obj, dict):
        problems.append("its lesson settings are not a set of named values")
        return {}
    version = obj.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append(f"its lesson version {version!r} is not a version number")
        return {}
    if version > LESSON_VERSION:
        problems.append(f"it was saved by a newer Backprop Studio (lesson version {version})")
        return {}
    out = {}
    panels = obj.get("panels")
    if isinstance(panels, list) and all(isinstance(p, str) for p in panels):
        unknown = [p for p in panels if p not in PANELS]
        if unknown:
            problems.append(f"there is no panel called {unknown[0]!r}")
        out["panels"] = [p for p in panels if p in PANELS]
    elif panels is not None:
        problems.append("its panels are not a list of names")
    theme = obj.get("theme")
    if theme in CHOICES:
        out["theme"] = theme
    elif theme is not None:
        problems.append(f"there is no theme called {theme!r}")
    scale = obj.get("font_scale")
    if isinstance(scale, (int, float)) and not isinstance(scale, bool) \
            and SCALES[0] <= scale <= SCALES[-1]:
        out["font_scale"] = float(scale)
    elif scale is not None:
        problems.append(f"its text scale {scale!r} is not a number from {SCALES[0]:g} to "
                        f"{SCALES[-1]:g}")
    step = obj.get("start_step")
    if isinstance(step, int) and not isinstance(step, bool) and step >= 0:
        out["start_step"] = step
    elif step is not None:
        problems.append(f"its starting step {step!r} is not a whole number ≥ 0")
    if isinstance(obj.get("presenting"), bool):
        out["presenting"] = obj["presenting"]
    return out
