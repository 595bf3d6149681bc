"""MainWindow assembles the panels, menus and toolbar around one Session. No features here."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow, QToolBar, QVBoxLayout, QWidget

from app import window_geometry
from app.actions import StudioActions
from app.appearance import Appearance
from app.autosave import Autosave
from app.canvas import CanvasView
from app.controls import SettingsPanel
from app.data_import import Importer
from app.data_panel import DataPanel
from app.drops import FileDrops
from app.exporting import ExportActions
from app.files import SessionFiles
from app.inspector import InspectorPanel
from app.lessons import Lessons
from app.messages import MessageBar
from app.player import Player
from app.plots import CostPlots
from app.presentation import Presentation
from app.session import Session
from app.stored import stored
from app.teaching import Teaching
from app.theming import Theming
from app.timeline import StepBanner
from app.training import TrainingControls
from app.weights_io import WeightFiles

RIGHT_COLUMN = 0.31   # share of the window's width for the inspector and plot docks
PLOTS_MIN_HEIGHT = 340   # the two plots, their titles and legend stay legible above this


class MainWindow(QMainWindow):
    def __init__(self, session: Session | None = None, parent: QWidget | None = None,
                 autosave_folder=None):
        super().__init__(parent)
        self.session = session or Session(parent=self)
        self.player = Player(self.session, self)
        self.appearance = Appearance(self)
        look = self.appearance.look
        self.canvas = CanvasView(self.session, look=look)
        self.banner = StepBanner(self.session, look=look)
        self.messages = MessageBar(self.session, look=look)
        self.inspector = InspectorPanel(self.session, look=look)
        self.plots = CostPlots(self.session, look=look)
        self.settings_panel = SettingsPanel(self.session, self.player)
        self.data_panel = DataPanel(self.session)
        self.actions_ = StudioActions(self, self.session, self.player, self.canvas)
        self.importer = Importer(self, self.session, self.data_panel)
        self.data_panel.set_importer(self.importer.ask)
        self.files = SessionFiles(self, self.session, self.importer)
        self.weights = WeightFiles(self, self.session)
        self.files.sigChanged.connect(self._show_title)
        self.autosave = Autosave(self.session, autosave_folder, self)
        self.drops = FileDrops(self, self.files)
        self.exports = ExportActions(self, self.session, {"plots": lambda: CostPlots(self.session)})
        self._central()
        self._docks()
        self.teaching = Teaching(self)   # decision boundary, matrices, check, accuracy, help
        self.training = TrainingControls(self, self.session)
        self._toolbar()
        self.theming = Theming(self, self.appearance)
        self.presentation = Presentation(self, self.appearance)
        self.lessons = Lessons(self, self.session, self.files, self.presentation,
                               self.appearance)
        self.actions_.build_menus(
            self.menuBar(), self.files, self, self.exports, self.weights,
            self.teaching.help_actions,
            [d.toggleViewAction() for d in self.findChildren(QDockWidget)])
        self._show_title()
        self.settings_panel.sigDone.connect(self.canvas.setFocus)
        self.data_panel.sigDone.connect(self.canvas.setFocus)
        window_geometry.place(self)
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
            if self.files.recover(newest):
                self.autosave.discard(leftovers)

        self.messages.show_message(
            "Backprop Studio did not close properly last time. Restore the session it "
            "was working on?", "info",
            [("Restore", restore), ("Discard", lambda: self.autosave.discard(leftovers))])

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._placed:   # once the window has its real size
            self._placed = True
            QTimer.singleShot(0, self, self._first_shown)   # not after the window is gone

    def _first_shown(self) -> None:
        window_geometry.fit_frame(self)
        self._place_docks()

    def _place_docks(self) -> None:
        """The user's last layout if it was saved at this screen width (dock sizes are in
        pixels: a laptop's layout would squeeze a 1024-px projector); else the canvas gets
        about 70 % of the width (at least 380 px go to the right column, where the
        inspector's type needs them), and the inspector and the plots share that column
        about half and half."""
        state = QSettings().value("window/state")
        saved_width = stored("window/screen_width", 0)    # a hand-edited "wide" reads as 0
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
        layout.addWidget(self.banner)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.canvas.legend_widget)
        self.setCentralWidget(central)
        self.messages.setParent(central)
        self.messages.float_over(self.canvas)   # over the canvas: a message moves nothing

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
        self.data_panel.follow_dock(self.data_dock)
        self.tabifyDockWidget(self.inspector_dock, self.settings_dock)
        self.tabifyDockWidget(self.settings_dock, self.data_dock)
        self.inspector_dock.raise_()
        self.plots_dock = self._dock("Cost and accuracy", self.plots, Qt.RightDockWidgetArea)

    def _toolbar(self) -> None:
        bar = QToolBar("Stepping", self)
        bar.setObjectName("stepping")
        bar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        a = self.actions_
        bar.addActions([a.reset, a.back, a.step, a.next_example, a.next_batch, a.play,
                        self.training.train_action])
        bar.addSeparator()
        bar.addActions([a.undo_button, a.redo_button])
        self.addToolBar(Qt.TopToolBarArea, bar)
        self.toolbar = bar

    def closeEvent(self, event) -> None:
        self.session.set_playing(False)
        self.session.jobs.stop()
        if not self.files.maybe_save():
            event.ignore()
            return
        self.autosave.clean_exit()
        if self.presentation.active:      # remember the window's own layout, not the show's
            self.presentation.leave()
        settings = QSettings()
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/screen_width", self._screen_width())
        window_geometry.remember(self)
        super().closeEvent(event)
