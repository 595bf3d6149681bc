"""Import… a data file, seeing it before anything is replaced.

A CSV opens a preview: its first rows as a table, the delimiter and header the reader
detected (and why), a choice of label column and of columns to ignore, what to do with
missing values, and the classes found with their counts. A MATLAB .mat file shows its
variables and which are taken for X and y. Nothing changes until Import is pressed; a
file that cannot be read says why in the dialog or the Data panel, and what was loaded
stays loaded.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

import bpengine as bp
from app import panel_style as ps
from app.prompts import DIALOGS
from app.syncing import Syncing
from app.theme import Look
from bpengine.config import DataSource
from bpengine.prepare import file_hash

DELIMITERS = (("detect", None), ("comma ( , )", ","), ("semicolon ( ; )", ";"),
              ("tab", "\t"))
HEADERS = (("detect", None), ("is a header", True), ("is data", False))
MISSING = (("stop with a message", "error"), ("drop those rows", "drop"))


def _label(text: str = "") -> QLabel:
    label = QLabel(text, wordWrap=True)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    return label


def style_dialog(dialog: QDialog, look: Look) -> None:
    """A preview in `look`: the window's palette (a dialog is a window of its own: it does
    not inherit its parent's), the heavier type of a bold theme, the error line's colour."""
    dialog.look = look
    dialog.setPalette(look.palette(dialog.palette()))
    font = dialog.font()
    font.setWeight(look.weight())
    dialog.setFont(font)
    ps.style(look).error_line(dialog.error)
    ps.visible_indicators(dialog, look)


def classes_text(classes) -> str:
    """"Classes: B (357), M (212)"."""
    shown = ", ".join(f"{name} ({count:,})" for name, count in classes[:12])
    more = f", … {len(classes) - 12} more" if len(classes) > 12 else ""
    return f"Classes: {shown}{more}" if classes else "Classes: none found"


class CsvImportDialog(QDialog):
    """The CSV preview. `result_` holds (DataSource, Dataset) once accepted."""

    def __init__(self, path: Path, parent=None, look: Look | None = None):
        super().__init__(parent)
        self.path, self.result_ = path, None
        self.look = look or Look()
        self.syncing = Syncing()
        self.setWindowTitle(f"Import {path.name}")
        self.preview = bp.csv_preview(path)        # DataError: not readable as text
        self.suggested = self.preview.suggested_ignore
        if self.suggested:                         # an ID column is no feature: off at first
            self.preview = bp.csv_preview(path, ignore_columns=self.suggested)
        self._widgets()
        style_dialog(self, self.look)
        self._show(self.preview)
        self.resize(800, 680)

    def set_look(self, look: Look) -> None:
        style_dialog(self, look)
        self._fill_table(self.preview)

    def _widgets(self) -> None:
        self.delimiter, self.header = QComboBox(), QComboBox()
        self.label_column, self.missing = QComboBox(), QComboBox()
        for combo, items in ((self.delimiter, DELIMITERS), (self.header, HEADERS),
                             (self.missing, MISSING)):
            for text, value in items:
                combo.addItem(text, value)
            combo.activated.connect(lambda _i: self.refresh())
        self.label_column.activated.connect(lambda _i: self.refresh())
        self.ignore = QListWidget()
        self.ignore.setMaximumHeight(90)
        self.ignore.itemChanged.connect(lambda _item: self.refresh())
        self.decided, self.classes = _label(), _label()
        self.error = _label()
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setMinimumHeight(180)     # a few rows stay visible however long the notes
        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Delimiter", self.delimiter)
        form.addRow("First row", self.header)
        form.addRow("Label column", self.label_column)
        form.addRow("Ignore columns", self.ignore)
        form.addRow("Missing values", self.missing)
        layout = QVBoxLayout(self)
        layout.addWidget(_label(str(self.path)))
        layout.addLayout(form)
        for w in (self.decided, self.classes, self.error):
            layout.addWidget(w)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

    def choices(self) -> dict:
        """load_csv's keyword arguments for what the dialog shows now."""
        ignored = tuple(i for i in range(self.ignore.count())
                        if self.ignore.item(i).checkState() == Qt.Checked)
        return {"label_column": self.label_column.currentData(),
                "delimiter": self.delimiter.currentData(), "header": self.header.currentData(),
                "missing": self.missing.currentData(), "ignore_columns": ignored}

    def refresh(self) -> None:
        """Preview again with the choices made."""
        if self.syncing:
            return
        c = self.choices()
        if c["label_column"] in c["ignore_columns"]:   # the chosen label is no longer ignored
            c["ignore_columns"] = tuple(i for i in c["ignore_columns"]
                                        if i != c["label_column"])
        try:
            self.preview = bp.csv_preview(self.path, c["label_column"],
                                          delimiter=c["delimiter"], header=c["header"],
                                          ignore_columns=c["ignore_columns"],
                                          missing=c["missing"])
        except bp.DataError as exc:
            self.error.setText(f"⚠  {exc}")
            self.import_button.setEnabled(False)
            return
        self._show(self.preview)

    def _show(self, pv) -> None:
        with self.syncing:
            self._fill_columns(pv)
        # the notes already say the delimiter, the header and the label, and why
        decided = [*pv.notes, f"{pv.n_rows:,} rows of data."]
        if pv.missing:
            decided.append(f"{pv.missing:,} row{'' if pv.missing == 1 else 's'} "
                           f"{'has' if pv.missing == 1 else 'have'} a missing value.")
        self.decided.setText("\n".join(d for d in decided if d))
        self.classes.setText(classes_text(pv.classes))
        self.error.setText(f"⚠  {pv.error}" if pv.error else "")
        self.error.setVisible(bool(pv.error))
        self.import_button.setEnabled(pv.error is None)
        self._fill_table(pv)

    def _fill_columns(self, pv) -> None:
        self.label_column.clear()
        for i, name in enumerate(pv.columns):
            self.label_column.addItem(name, i)
        self.label_column.setCurrentIndex(max(0, pv.label_column))
        self.ignore.clear()
        ignored = set(pv.ignore_columns)
        for i, name in enumerate(pv.columns):
            item = QListWidgetItem(name + ("  (suggested: an ID?)"
                                           if i in self.suggested else ""))
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if i in ignored else Qt.Unchecked)
            self.ignore.addItem(item)

    def _fill_table(self, pv) -> None:
        self.table.clear()
        self.table.setColumnCount(len(pv.columns))
        self.table.setRowCount(len(pv.rows))
        self.table.setHorizontalHeaderLabels(
            [f"{c} (label)" if i == pv.label_column else c for i, c in enumerate(pv.columns)])
        bold = QFont(self.table.font())
        bold.setBold(True)
        italic = QFont(self.table.font())     # ignored: italic too, for high contrast (one ink)
        italic.setItalic(True)
        # an ignored column in the placeholder colour: softer than the text, still legible
        grey = QBrush(self.look.palette().color(QPalette.PlaceholderText))
        for r, row in enumerate(pv.rows):
            for c, cell in enumerate(row):
                item = QTableWidgetItem(cell)
                if c == pv.label_column:
                    item.setFont(bold)
                elif c in pv.ignore_columns:
                    item.setForeground(grey)
                    item.setFont(italic)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()

    def accept(self) -> None:
        """Load with the choices shown; a refusal is said here and the dialog stays."""
        c = self.choices()
        try:
            dataset = bp.load_csv(self.path, **c)
        except bp.DataError as exc:
            self.error.setText(f"⚠  {exc}")
            self.error.show()
            return
        options = tuple((k, v) for k, v in c.items())
        self.result_ = (DataSource("csv", self.path.name, path=str(self.path.resolve()),
                                   sha256=file_hash(self.path), options=options), dataset)
        super().accept()


class MatImportDialog(QDialog):
    """The .mat preview: its variables, and which are taken for X and y."""

    def __init__(self, path: Path, parent=None, look: Look | None = None):
        super().__init__(parent)
        self.path, self.result_ = path, None
        self.look = look or Look()
        self.setWindowTitle(f"Import {path.name}")
        self.variables = bp.mat_variables(path)    # DataError: not a v5 MAT-file
        self.x, self.y = QComboBox(), QComboBox()
        for combo in (self.x, self.y):
            combo.addItem("choose for me", None)
            for v in self.variables:
                combo.addItem(str(v), v.name)
            combo.activated.connect(lambda _i: self.refresh())
        self.found, self.error = _label(), _label()
        style_dialog(self, self.look)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Examples X", self.x)
        form.addRow("Labels y", self.y)
        layout = QVBoxLayout(self)
        layout.addWidget(_label(f"{path}\nVariables: " +
                                ", ".join(str(v) for v in self.variables)))
        layout.addLayout(form)
        layout.addWidget(self.found)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.refresh()

    def set_look(self, look: Look) -> None:
        style_dialog(self, look)

    def refresh(self) -> None:
        try:
            self.dataset = bp.load_mat(self.path, x=self.x.currentData(),
                                       y=self.y.currentData())
        except bp.DataError as exc:
            self.dataset = None
            self.found.setText("")
            self.error.setText(f"⚠  {exc}")
            self.error.show()
            self.import_button.setEnabled(False)
            return
        ds = self.dataset
        counts = [(name, int((ds.labels == i).sum())) for i, name in enumerate(ds.class_names)]
        self.found.setText("\n".join([f"{ds.m:,} examples of {ds.n:,} features.",
                                      classes_text(counts), *ds.notes]))
        self.error.hide()
        self.import_button.setEnabled(True)

    def accept(self) -> None:
        if self.dataset is None:
            return
        options = (("x", self.x.currentData()), ("y", self.y.currentData()))
        self.result_ = (DataSource("mat", self.path.name, path=str(self.path.resolve()),
                                   sha256=file_hash(self.path), options=options), self.dataset)
        super().accept()


class Importer(QObject):
    """Opens the preview for a data file and, on Import, switches the session to it."""

    def __init__(self, window, session, panel=None):
        super().__init__(window)
        self.window, self.session, self.panel = window, session, panel
        self.dialog: QDialog | None = None
        self.look = Look()

    def set_look(self, look: Look) -> None:
        """The look of the previews opened from now on, and of the one open now."""
        self.look = look
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.set_look(look)

    def ask(self) -> None:
        path = DIALOGS.data_path(self.window)
        if path:
            self.import_path(path)

    def import_path(self, path) -> bool:
        """Show the preview of `path` (not modal for the app: the window stays usable).
        False when the file cannot be read at all; the Data panel says why."""
        path = Path(path)
        kind = MatImportDialog if path.suffix.lower() == ".mat" else CsvImportDialog
        try:
            dialog = kind(path, self.window, self.look)
        except (bp.DataError, OSError) as exc:
            self._refused(str(exc))
            return False
        dialog.accepted.connect(lambda: self._take(dialog))
        self.dialog = dialog
        dialog.open()
        return True

    def _take(self, dialog) -> None:
        source, dataset = dialog.result_
        self.session.set_dataset(source, dataset)
        if self.panel is not None:
            self.panel.clear_error()

    def _refused(self, text: str) -> None:
        if self.panel is not None:
            self.panel.show_error(text)
        self.session.say(f"Could not import the data. {text}", "error")
