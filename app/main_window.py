"""MainWindow assembles the panels, menus and toolbar around one Session. No features here."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow, QToolBar, QVBoxLayout, QWidget

from app.actions import StudioActions
from app.autosave import Autosave
from app.canvas import CanvasView
from app.controls import SettingsPanel
from app.data_panel import DataPanel
from app.drops import FileDrops
from app.files import SessionFiles
from app.inspector import InspectorPanel
from app.messages import MessageBar
from app.player import Player
from app.plots import CostPlots
from app.session import Session
from app.teaching import Teaching
from app.timeline import StepBanner

RIGHT_COLUMN = 0.31   # share of the window's width for the inspector and plot docks
PLOTS_MIN_HEIGHT = 340   # the two plots, their titles and legend stay legible above this


class MainWindow(QMainWindow):
    def __init__(self, session: Session | None = None, parent: QWidget | None = None,
                 autosave_folder=None):
        super().__init__(parent)
        self.session = session or Session(parent=self)
        self.player = Player(self.session, self)
        self.canvas = CanvasView(self.session)
        self.banner = StepBanner(self.session)
        self.messages = MessageBar(self.session)
        self.inspector = InspectorPanel(self.session)
        self.plots = CostPlots(self.session)
        self.settings_panel = SettingsPanel(self.session, self.player)
        self.data_panel = DataPanel(self.session)
        self.actions_ = StudioActions(self, self.session, self.player, self.canvas)
        self.files = SessionFiles(self, self.session)
        self.files.sigChanged.connect(self._show_title)
        self.autosave = Autosave(self.session, autosave_folder, self)
        self.drops = FileDrops(self, self.files)
        self._central()
        self._docks()
        self.teaching = Teaching(self)   # decision boundary, matrices, check, accuracy, help
        self._toolbar()
        self.actions_.build_menus(self.menuBar(), self.files, self.teaching.help_actions,
                                  [d.toggleViewAction() for d in self.findChildren(QDockWidget)])
        self._show_title()
        self.settings_panel.sigDone.connect(self.canvas.setFocus)
        self.data_panel.sigDone.connect(self.canvas.setFocus)
        self.resize(1280, 800)
        self.canvas.setFocus()
        self._placed = False

    def _show_title(self) -> None:
        """"run.bpstudio* — Backprop Studio": the file, and * while it has unsaved changes."""
        self.setWindowTitle(f"{self.files.name}[*] — Backprop Studio")
        self.setWindowModified(self.files.dirty)

    def offer_recovery(self) -> None:
        """After a crash: offer the newest autosaved session in the message bar."""
        leftovers = self.autosave.leftovers()
        if not leftovers:
            return
        newest = leftovers[0]

        def restore():
            if self.files.open_path(newest):
                self.files.path = None          # Save asks where: it is not a file of theirs
                self.files._touch()
                self.autosave.discard(leftovers)

        self.messages.show_message(
            "Backprop Studio did not close properly last time. Restore the session it "
            "was working on?", "info",
            [("Restore", restore), ("Discard", lambda: self.autosave.discard(leftovers))])

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._placed:   # once the window has its real size
            self._placed = True
            QTimer.singleShot(0, self, self._place_docks)   # not after the window is gone

    def _place_docks(self) -> None:
        """The user's last layout if it was saved at this screen width (dock sizes are in
        pixels: a laptop's layout would squeeze a 1024-px projector); else the canvas gets
        about 70 % of the width (at least 380 px go to the right column, where the
        inspector's type needs them), and the inspector and the plots share that column
        about half and half."""
        settings = QSettings()
        state = settings.value("window/state")
        saved_width = int(settings.value("window/screen_width", 0) or 0)
        if state is not None and saved_width == self._screen_width() \
                and self.restoreState(state):
            return
        right = max(int(self.width() * RIGHT_COLUMN), min(380, int(self.width() * 0.4)))
        self.resizeDocks([self.inspector_dock], [right], Qt.Horizontal)
        column = self.inspector_dock.height() + self.plots_dock.height()
        plots = max(column // 2, min(PLOTS_MIN_HEIGHT, int(column * 0.6)))
        self.resizeDocks([self.inspector_dock, self.plots_dock], [column - plots, plots],
                         Qt.Vertical)

    def _screen_width(self) -> int:
        screen = self.screen()
        return screen.availableGeometry().width() if screen is not None else 0

    def _central(self) -> None:
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.messages)
        layout.addWidget(self.banner)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.canvas.legend_widget)
        self.setCentralWidget(central)

    def add_panel_dock(self, title: str, widget: QWidget, area, tabify_with=None) -> QDockWidget:
        """A dock for a feature's panel, as a tab beside `tabify_with` if given."""
        dock = self._dock(title, widget, area)
        if tabify_with is not None:
            self.tabifyDockWidget(tabify_with, dock)
        return dock

    def _dock(self, title: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable
                         | QDockWidget.DockWidgetClosable)
        self.addDockWidget(area, dock)
        return dock

    def _docks(self) -> None:
        self.inspector_dock = self._dock("Inspector", self.inspector, Qt.RightDockWidgetArea)
        self.settings_dock = self._dock("Settings", self.settings_panel, Qt.RightDockWidgetArea)
        self.data_dock = self._dock("Data", self.data_panel, Qt.RightDockWidgetArea)
        self.tabifyDockWidget(self.inspector_dock, self.settings_dock)
        self.tabifyDockWidget(self.settings_dock, self.data_dock)
        self.inspector_dock.raise_()
        self.plots_dock = self._dock("Cost and accuracy", self.plots, Qt.RightDockWidgetArea)

    def _toolbar(self) -> None:
        bar = QToolBar("Stepping", self)
        bar.setObjectName("stepping")
        bar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        a = self.actions_
        bar.addActions([a.reset, a.back, a.step, a.next_example, a.next_batch, a.play])
        bar.addSeparator()
        bar.addActions([a.undo_button, a.redo_button])
        self.addToolBar(Qt.TopToolBarArea, bar)
        self.toolbar = bar

    def closeEvent(self, event) -> None:
        self.session.set_playing(False)
        if not self.files.maybe_save():
            event.ignore()
            return
        self.autosave.clean_exit()
        settings = QSettings()
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/screen_width", self._screen_width())
        super().closeEvent(event)
