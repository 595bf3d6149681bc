"""The teaching panels and the lecture, installed into the main window in one go.

Docks: Boundary (the decision boundary), Matrices and Gradient check as tabs beside "Cost
and accuracy", Accuracy beside Data; the Lecture page (Help ▸ Backpropagation, F1) as a tab
beside the inspector, hidden until asked for. The Help menu's actions (help_actions) and
the symbols' tooltips (app/tooltips.py). A "check:…" link on the lecture page shows the
Gradient check panel and runs it with the formula the link names.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QTabBar

from app import tooltips
from app.confusion import ConfusionPanel
from app.decision_plot import DecisionPanel
from app.gradcheck_panel import GradientCheckPanel
from app.help.lecture import LecturePage
from app.help.menu import HelpActions
from app.matrices import MatricesPanel


class Teaching:
    def __init__(self, window):
        self.window = window
        s, look = window.session, window.appearance.look
        self.boundary = DecisionPanel(s, look=look)
        self.matrices = MatricesPanel(s, look=look)
        self.check = GradientCheckPanel(s, look=look)
        self.accuracy = ConfusionPanel(s, look=look)
        self.lecture = LecturePage(s, look=look)
        area = Qt.RightDockWidgetArea
        self.docks = {}
        # four tabs under the plots would elide every title at 1024 px: Accuracy goes with
        # the Data panel, whose J and accuracy it breaks down by class
        for title, widget, beside in (
                ("Boundary", self.boundary, window.plots_dock),   # the decision boundary
                ("Matrices", self.matrices, window.plots_dock),
                ("Gradient check", self.check, window.plots_dock),
                ("Accuracy", self.accuracy, window.data_dock)):
            self.docks[title] = window.add_panel_dock(title, widget, area, beside)
            if hasattr(widget, "follow_dock"):
                widget.follow_dock(self.docks[title])
        window.plots_dock.raise_()
        self.lecture_dock = window.add_panel_dock("Lecture", self.lecture, area,
                                                  window.inspector_dock)
        self.lecture.follow_dock(self.lecture_dock)
        self.lecture_dock.hide()
        window.inspector_dock.raise_()
        # the window makes its tab bars when it lays the docks out (and anew when they move)
        for dock in window.findChildren(QDockWidget):
            dock.visibilityChanged.connect(self.whole_tab_titles)
        self.help = HelpActions(window, self.open_lecture)
        self.help_actions = self.help.actions
        self.lecture.sigCheck.connect(self.run_check)
        tooltips.install(window)

    def panels(self) -> list:
        """The teaching panels, each with set_look(look) (app/theming.py calls it)."""
        return [self.boundary, self.matrices, self.check, self.accuracy, self.lecture]

    def whole_tab_titles(self, visible: bool = True) -> None:
        """Dock tabs show their whole titles, scrolled when they do not fit: elided, four
        tabs in a 420-px column read "Boun…", "Mat…". (Only when a dock comes into view:
        a closing window hides its docks after it is gone.)"""
        if not visible or not shiboken6.isValid(self.window):
            return
        for bar in self.window.findChildren(QTabBar):
            if bar.elideMode() != Qt.ElideNone:
                bar.setElideMode(Qt.ElideNone)
                bar.setUsesScrollButtons(True)

    def open_lecture(self) -> None:
        """Show the lecture page at the section of the current micro-step (F1)."""
        self.lecture_dock.show()
        self.lecture_dock.raise_()
        self.lecture.show_step_section()

    def run_check(self, formula: str) -> None:
        dock = self.docks["Gradient check"]
        dock.show()
        dock.raise_()
        with_seed = formula == "seed"
        if self.check.seed_formula.isChecked() != with_seed:
            self.check.seed_formula.setChecked(with_seed)   # re-runs when a result is shown
        if self.check.worker is None:
            self.check.run()
