"""The window's export commands: File ▸ Export diagram… / plots… / step as LaTeX…, Edit ▸
Copy diagram (Ctrl+Shift+C) and Copy step as LaTeX; their questions answered through
DIALOGS, the last choices remembered, failures said in the message bar."""

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import QApplication

from app.export_diagram import SVG_MIME, DiagramOptions
from app.export_dialog import ExportOptionsDialog
from app.export_plots import FIGURE_SIZE
from app.main_window import MainWindow
from app.prompts import DIALOGS

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def window(qtbot, tmp_path):
    w = MainWindow(autosave_folder=tmp_path / "recovery")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    w.canvas.setFocus()
    return w


def answer(monkeypatch, options=None, path=None):
    """DIALOGS answers `options` and `path`; returns the questions asked."""
    asked = []

    def ask_options(parent, kind, current):
        asked.append(("options", kind, current))
        return options

    def ask_path(parent, fmt, suggested):
        asked.append(("path", fmt, suggested))
        return None if path is None else str(path)
    monkeypatch.setattr(DIALOGS, "export_options", ask_options)
    monkeypatch.setattr(DIALOGS, "export_path", ask_path)
    return asked


def menu_texts(window, title):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == title)
    return {a.text(): a for a in menu.actions()}


def test_the_menus_hold_the_exports(window):
    file = menu_texts(window, "&File")
    assert {"Export diagram…", "Export plots…", "Export step as LaTeX…"} <= set(file)
    edit = menu_texts(window, "&Edit")
    assert edit["Copy diagram"].shortcut() == QKeySequence("Ctrl+Shift+C")
    assert "Copy step as LaTeX" in edit


def test_ctrl_shift_c_puts_png_and_svg_on_the_clipboard(qtbot, window):
    qtbot.keyClick(window.canvas, Qt.Key_PageDown)
    qtbot.keyClick(window.canvas, Qt.Key_C, Qt.ControlModifier | Qt.ShiftModifier)
    mime = QApplication.clipboard().mimeData()
    assert mime.hasImage() and "image/png" in mime.formats()
    png = QImage.fromData(bytes(mime.data("image/png")), "PNG")
    assert png.width() > 400
    root = ET.fromstring(bytes(mime.data(SVG_MIME)))
    assert "Layer 1" in ["".join(e.itertext()) for e in root.iter(SVG + "text")]
    assert "Copied the diagram" in window.messages.text()


def test_export_diagram_asks_writes_and_remembers(qtbot, window, tmp_path, monkeypatch):
    chosen = DiagramOptions(format="svg", values=False)
    asked = answer(monkeypatch, chosen, tmp_path / "fig.svg")
    window.exports.export_diagram.trigger()
    assert (tmp_path / "fig.svg").read_bytes().startswith(b"<?xml")
    assert asked[0][:2] == ("options", "diagram") and asked[1][:2] == ("path", "svg")
    assert asked[1][2].endswith("xor-2-2-2-1-step0.svg")
    assert "Exported the diagram to fig.svg" in window.messages.text()
    window.exports.export_diagram.trigger()          # the next time starts from these
    assert asked[2][2] == chosen
    assert asked[3][2].startswith(str(tmp_path))      # … in the same folder


def test_cancel_writes_nothing(qtbot, window, tmp_path, monkeypatch):
    asked = answer(monkeypatch, None, tmp_path / "fig.png")
    window.exports.export_diagram.trigger()
    assert [a[0] for a in asked] == ["options"] and not list(tmp_path.glob("*.png"))
    asked = answer(monkeypatch, DiagramOptions(), None)
    window.exports.export_plots.trigger()
    assert [a[0] for a in asked] == ["options", "path"] and not list(tmp_path.glob("*.png"))


def test_export_plots_at_figure_size(qtbot, window, tmp_path, monkeypatch):
    window.session.next_batch()
    answer(monkeypatch, DiagramOptions(format="png", scale=2), tmp_path / "cost.png")
    window.exports.export_plots.trigger()
    img = QImage(str(tmp_path / "cost.png"))
    assert (img.width(), img.height()) == (2 * FIGURE_SIZE.width(), 2 * FIGURE_SIZE.height())
    assert "Exported the plots to cost.png" in window.messages.text()


def test_export_and_copy_the_step_as_latex(qtbot, window, tmp_path, monkeypatch):
    for _ in range(3):
        qtbot.keyClick(window.canvas, Qt.Key_PageDown)
    answer(monkeypatch, None, tmp_path / "step.tex")
    window.exports.export_latex.trigger()
    tex = (tmp_path / "step.tex").read_text(encoding="ascii")
    assert tex.startswith("\\documentclass") and "\\section*{Step 3:" in tex
    window.exports.copy_latex.trigger()
    copied = QApplication.clipboard().text()
    assert "\\textbf{Step 3:" in copied and "\\documentclass" not in copied


def test_a_folder_that_cannot_be_written_is_said(qtbot, window, tmp_path, monkeypatch):
    answer(monkeypatch, DiagramOptions(format="png"), tmp_path / "missing" / "x.png")
    window.exports.export_diagram.trigger()
    assert "Could not export the diagram" in window.messages.text()
    assert "missing" in window.messages.text()


def test_the_options_dialog_shows_and_returns_the_options(qtbot):
    start = DiagramOptions(format="svg", scale=3, transparent=True, colour=False, legend=True)
    dialog = ExportOptionsDialog(None, start)
    qtbot.addWidget(dialog)
    assert dialog.options() == start
    assert not dialog.scale.isEnabled()          # SVG has no pixel size
    assert not dialog.legend.isEnabled()         # plain: nothing to explain
    dialog.format.setCurrentIndex(0)             # PNG
    dialog.coloured.setChecked(True)
    dialog.values.setChecked(False)
    assert dialog.scale.isEnabled() and dialog.legend.isEnabled()
    assert dialog.options() == DiagramOptions(format="png", scale=3, transparent=True,
                                              colour=True, values=False, legend=True)
    plots = ExportOptionsDialog(None, DiagramOptions(), diagram=False)
    qtbot.addWidget(plots)
    assert plots.windowTitle() == "Export the plots" and plots.values.parent() is None
