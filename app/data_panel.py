"""The Data panel: which dataset (built-ins by name, with noise, size and seed for the
generated ones; imported files), how its features are scaled, how much is held out for
validation, J and accuracy on both parts, and the current example.

Every change goes through a Session method (one undoable edit each); the panel re-reads the
session on sigConfig / sigNetworkChanged, so undo and redo show here too. A data file that
cannot be read says why in the panel's own message line; what was loaded stays loaded.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import panel_style as ps
from app.example_view import ExampleView
from app.on_screen import OnScreen
from app.syncing import Syncing
from app.theme import Look
from bpengine.config import SCALINGS, DataSource
from bpengine.prepare import GENERATED, TITLES, builtin_choices, describe, generator_defaults
from bpengine.studio import title_of


class DataPanel(OnScreen, QWidget):
    sigDone = Signal()   # an edit finished: the window gives the keyboard back to the canvas

    def __init__(self, session, on_import=None, parent: QWidget | None = None,
                 look: Look | None = None):
        super().__init__(parent)
        self.session, self.on_import = session, on_import
        self.look = look or Look()
        self.syncing = Syncing()
        self._sources: dict[str, DataSource] = {}
        self._widgets()
        self._layout()
        self._connect()
        self.set_look(self.look)
        self.sync()

    def set_look(self, look: Look) -> None:
        """The error line's colour and the type's weight in `look` (the widgets' colours
        come with the window's palette); the example's picture in its page's tones."""
        self.look = look
        ps.style(look).error_line(self.error)
        font = self.font()
        font.setWeight(look.weight())
        self.setFont(font)
        self.example.set_look(look)

    # ---- building ----

    def _widgets(self) -> None:
        self.dataset = QComboBox(toolTip="The examples the network learns from")
        self.dataset.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.dataset.setMinimumContentsLength(16)
        for key, title in builtin_choices():
            self._add_row(DataSource("builtin", key), title)
        self.import_button = QPushButton("Import…", toolTip="Load a CSV or MATLAB .mat file")
        self.import_button.setEnabled(self.on_import is not None)
        self.noise = QDoubleSpinBox(minimum=0.0, maximum=3.0, decimals=2, singleStep=0.05,
                                    toolTip="How far the points scatter from their shape")
        self.size = QSpinBox(minimum=10, maximum=5000, singleStep=50,
                             toolTip="The number of examples m")
        self.data_seed = QSpinBox(minimum=0, maximum=2**31 - 1,
                                  toolTip="The seed the points are drawn from")
        for box in (self.noise, self.size, self.data_seed):
            box.setKeyboardTracking(False)
        self.scaling = QComboBox(toolTip="Feature scaling, from the training part's "
                                 "statistics only")
        for key, text in SCALINGS.items():
            self.scaling.addItem(text, key)
        self.validation = QSpinBox(minimum=0, maximum=50, suffix=" %", singleStep=5,
                                   toolTip="The share of examples held out: the network "
                                   "never trains on them")
        self.split_seed = QSpinBox(minimum=0, maximum=2**31 - 1,
                                   toolTip="Which examples are held out")
        for box in (self.validation, self.split_seed):
            box.setKeyboardTracking(False)
        self.notes = QLabel(wordWrap=True, objectName="dataNotes")
        self.error = QLabel(wordWrap=True, objectName="dataError")
        self.error.hide()
        self.parts = QLabel(objectName="dataParts")
        self.parts.setTextFormat(Qt.RichText)
        self.parts.setWordWrap(True)     # a longer J (1.234e-05) must not widen the docks
        self.example = ExampleView(self.session)

    def _layout(self) -> None:
        top = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        row = QHBoxLayout()
        row.addWidget(self.dataset, 1)
        row.addWidget(self.import_button)
        form.addRow("Dataset", row)
        self.generator = QWidget()
        gen = QHBoxLayout(self.generator)
        gen.setContentsMargins(0, 0, 0, 0)
        for text, box in (("noise", self.noise), ("m", self.size), ("seed", self.data_seed)):
            gen.addWidget(QLabel(text))
            gen.addWidget(box, 1)
        form.addRow("", self.generator)
        form.addRow("Scaling", self.scaling)
        split = QHBoxLayout()
        split.addWidget(self.validation, 1)
        split.addWidget(QLabel("held out, seed"))
        split.addWidget(self.split_seed, 1)
        form.addRow("Validation", split)
        top.addLayout(form)
        top.addWidget(self.error)
        top.addWidget(self.notes)
        top.addWidget(self.parts)
        top.addWidget(self.example, 1)

    def _connect(self) -> None:
        s = self.session
        self.dataset.activated.connect(lambda i: self._choose(self.dataset.itemData(i)))
        self.import_button.clicked.connect(lambda: self.on_import and self.on_import())
        for box in (self.noise, self.size, self.data_seed):
            box.valueChanged.connect(lambda _v: self._regenerate())
        self.scaling.activated.connect(
            lambda i: self._do(s.set_settings, scaling=self.scaling.itemData(i)))
        self.validation.valueChanged.connect(
            lambda v: self._do(s.set_settings, validation=v / 100))
        self.split_seed.valueChanged.connect(lambda v: self._do(s.set_settings, split_seed=v))
        for sig in (s.sigConfig, s.sigNetworkChanged):
            sig.connect(self.sync)
        s.sigStepped.connect(self.show_parts)
        s.sigMoving.connect(lambda playing: playing or self.show_parts())

    def _add_row(self, source: DataSource, title: str) -> int:
        self._sources[source.key] = source
        self.dataset.addItem(title, source.key)
        return self.dataset.count() - 1

    # ---- user intent ----

    def _do(self, method, *args, **kwargs) -> None:
        if self.syncing:
            return
        method(*args, **kwargs)
        self.sync()           # a refused edit puts the old value back
        self.sigDone.emit()

    def _choose(self, key: str) -> None:
        source = self._sources[key]
        if source.name in GENERATED and not source.imported:
            source = DataSource("builtin", source.name)      # the generator's defaults
        self._do(self.session.set_dataset, source)

    def _regenerate(self) -> None:
        src = self.session.config.source
        if src.imported or src.name not in GENERATED:
            return
        self._do(self.session.set_dataset, DataSource(
            "builtin", src.name, m=self.size.value(), noise=round(self.noise.value(), 4),
            seed=self.data_seed.value()))

    def set_importer(self, on_import) -> None:
        """What Import… does (the window's Importer)."""
        self.on_import = on_import
        self.import_button.setEnabled(on_import is not None)

    def show_error(self, text: str) -> None:
        """A data file that could not be read: said here, in the panel."""
        self.error.setText(f"⚠  {text}")
        self.error.show()

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    # ---- showing the session ----

    def sync(self) -> None:
        with self.syncing:
            c, ds = self.session.config, self.session.dataset
            self.dataset.setCurrentIndex(self._row_of(c.source))
            generated = not c.source.imported and c.source.name in GENERATED
            self.generator.setVisible(generated)
            if generated:
                self.noise.setValue(c.source.noise if c.source.noise is not None
                                    else generator_defaults(c.source.name)["noise"])
                self.size.setValue(ds.m)
                self.data_seed.setValue(c.source.seed)
            self.scaling.setCurrentIndex(max(0, self.scaling.findData(c.scaling)))
            self.validation.setValue(round(100 * c.validation))
            self.split_seed.setValue(c.split_seed)
            self.split_seed.setEnabled(c.validation > 0)
            lines = list(ds.notes) + ([ds.attribution] if ds.attribution else [])
            self.notes.setText("\n".join(lines))
            self.notes.setVisible(bool(lines))
        self.show_parts()

    def catch_up(self) -> None:
        if getattr(self, "_parts_due", False):
            self.show_parts()

    def _row_of(self, source: DataSource) -> int:
        """The combo row of a source: a built-in by its name (its parameters are in the
        boxes below); an imported file gets a row the first time it is shown."""
        key = DataSource("builtin", source.name).key if not source.imported else source.key
        row = self.dataset.findData(key)
        if row < 0:
            row = self._add_row(source, title_of(source, self.session.dataset))
            self.dataset.setItemData(row, f"{source.path}", Qt.ToolTipRole)
        else:
            title = TITLES.get(source.name, source.name) if not source.imported else None
            self.dataset.setItemText(row, describe(self.session.dataset, title))
        return row

    def show_parts(self) -> None:
        """J and accuracy at the current Θ on the training and validation parts."""
        if self.session.moving or not self.on_screen():
            self._parts_due = True     # a pass over the data: on pause, or once it is shown
            return
        self._parts_due = False
        parts = self.session.model.evaluate()
        rows = [("Training", parts["train"], len(self.session.model.data.train))]
        if parts["validation"] is not None:
            rows.append(("Validation", parts["validation"], len(self.session.model.data.val)))
        self.parts.setText("<br>".join(
            f"<b>{name}</b> ({n:,} examples): J = {J:.4g} · accuracy {acc:.0%}"
            for name, (J, acc), n in rows))

