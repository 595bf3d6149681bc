"""The export options dialog: format, PNG scale, background, and for the diagram values,
legend and colouring. `ExportOptionsDialog(parent, options).chosen()` returns the options
(a DiagramOptions; for plots the values, legend and colouring rows are not shown)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.export_diagram import DiagramOptions

FORMATS = (("png", "PNG image"), ("svg", "SVG (vector, text stays text)"),
           ("pdf", "PDF (vector, one page)"))
SCALES = (1.0, 2.0, 3.0, 4.0)


def _choice(*labels: str) -> tuple[QWidget, list[QRadioButton]]:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    group = QButtonGroup(box)
    buttons = []
    for label in labels:
        button = QRadioButton(label)
        group.addButton(button)
        row.addWidget(button)
        buttons.append(button)
    row.addStretch(1)
    return box, buttons


class ExportOptionsDialog(QDialog):
    def __init__(self, parent, options: DiagramOptions, diagram: bool = True):
        super().__init__(parent)
        self.setWindowTitle("Export the diagram" if diagram else "Export the plots")
        self._options, self._diagram = options, diagram
        form = QFormLayout()
        self.format = QComboBox()
        for key, label in FORMATS:
            self.format.addItem(label, key)
        self.format.setCurrentIndex([k for k, _ in FORMATS].index(options.format))
        form.addRow("Format", self.format)
        self.scale = QComboBox()
        for s in SCALES:
            self.scale.addItem(f"{s:g}×", s)
        self.scale.setCurrentIndex(min(range(len(SCALES)),
                                       key=lambda n: abs(SCALES[n] - options.scale)))
        form.addRow("PNG size", self.scale)
        box, (self.opaque, self.transparent) = _choice("Canvas background", "Transparent")
        (self.transparent if options.transparent else self.opaque).setChecked(True)
        form.addRow("Background", box)
        box, (self.coloured, self.plain) = _choice("Current colouring", "Plain")
        (self.coloured if options.colour else self.plain).setChecked(True)
        self.values = QCheckBox("Numbers inside the units")
        self.values.setChecked(options.values)
        self.legend = QCheckBox("Colour legend under the network")
        self.legend.setChecked(options.legend)
        if diagram:
            form.addRow("Colours", box)
            form.addRow("", self.values)
            form.addRow("", self.legend)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Export…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.format.currentIndexChanged.connect(self._enable)
        self.plain.toggled.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        """The scale only matters for PNG; the legend only explains colours."""
        self.scale.setEnabled(self.format.currentData() == "png")
        self.legend.setEnabled(self.coloured.isChecked())

    def options(self) -> DiagramOptions:
        """What the dialog shows now."""
        return replace(self._options, format=self.format.currentData(),
                       scale=float(self.scale.currentData()),
                       transparent=self.transparent.isChecked(),
                       colour=self.coloured.isChecked(), values=self.values.isChecked(),
                       legend=self.legend.isChecked())

    def chosen(self) -> DiagramOptions | None:
        """Run the dialog: the options, or None for Cancel."""
        return self.options() if self.exec() == QDialog.Accepted else None
