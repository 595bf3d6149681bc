"""The questions the window asks: which file, whether to save unsaved changes, and how to
export.

One object, `DIALOGS`, so that tests (which must never block on a modal dialog) replace
its methods, and so that every question is worded in one place.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

SESSION_FILTER = "Backprop Studio sessions (*.bpstudio)"
DATA_FILTER = "Data files (*.csv *.tsv *.txt *.mat)"
OPEN_FILTER = f"Sessions and data (*.bpstudio *.csv *.tsv *.txt *.mat);;{SESSION_FILTER};;" \
              f"{DATA_FILTER}"
WEIGHTS_FILTER = "Weights (*.npz *.json *.mat)"
EXPORT_FILTERS = {"png": "PNG image (*.png)", "svg": "SVG drawing (*.svg)",
                  "pdf": "PDF document (*.pdf)", "tex": "LaTeX document (*.tex)"}


class Dialogs:
    """Modal questions; each returns the answer (None for Cancel)."""

    def save_changes(self, parent, name: str) -> str:
        """"save", "discard" or "cancel" for the unsaved changes of `name`."""
        box = QMessageBox(QMessageBox.Warning, "Unsaved changes",
                          f"Save the changes to “{name}” before closing it?",
                          QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, parent)
        box.setInformativeText("Your network, its training and the data you imported are "
                               "lost if you don't save them.")
        box.setDefaultButton(QMessageBox.Save)
        answer = box.exec()
        return {QMessageBox.Save: "save", QMessageBox.Discard: "discard"}.get(answer, "cancel")

    def open_path(self, parent, folder: str = "") -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, "Open a session or data file", folder,
                                              OPEN_FILTER)
        return path or None

    def data_path(self, parent, folder: str = "") -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, "Import data", folder, DATA_FILTER)
        return path or None

    def save_path(self, parent, suggested: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, "Save the session", suggested,
                                              SESSION_FILTER)
        if path and not path.endswith(".bpstudio"):
            path += ".bpstudio"
        return path or None

    def weights_path(self, parent, saving: bool, suggested: str = "") -> str | None:
        if saving:
            path, _ = QFileDialog.getSaveFileName(parent, "Export the weights Θ", suggested,
                                                  WEIGHTS_FILTER)
        else:
            path, _ = QFileDialog.getOpenFileName(parent, "Import weights Θ", suggested,
                                                  WEIGHTS_FILTER)
        return path or None

    def export_options(self, parent, kind: str, current):
        """The export's options (kind "diagram" or "plots"), starting from `current` (an
        app.export_diagram.DiagramOptions); None for Cancel."""
        from app.export_dialog import ExportOptionsDialog
        return ExportOptionsDialog(parent, current, diagram=kind == "diagram").chosen()

    def export_path(self, parent, fmt: str, suggested: str) -> str | None:
        """Where to write an export in format `fmt` ("png", "svg", "pdf", "tex"); the
        ending is added when the name has none."""
        path, _ = QFileDialog.getSaveFileName(parent, f"Export as {fmt.upper()}", suggested,
                                              EXPORT_FILTERS[fmt])
        if path and not path.lower().endswith("." + fmt):
            path += "." + fmt
        return path or None

    def epochs(self, parent, last: int) -> int | None:
        """How many epochs Step ▸ Train epochs… trains (None for Cancel)."""
        n, ok = QInputDialog.getInt(parent, "Train epochs", "Train this many epochs, whole "
                                    "batches at full speed:", last, 1, 10_000)
        return n if ok else None


DIALOGS = Dialogs()
