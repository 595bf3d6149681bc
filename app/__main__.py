"""Entry point: `backprop-studio [FILE]` or `python -m app [FILE]`, and
`backprop-studio export …` (app/cli_export.py) for pictures and LaTeX without a window.

FILE is a session (.bpstudio) to open or a data file (.csv, .mat) to import. The command
line is read before any Qt object exists, so --help works without a display.
"""

from __future__ import annotations

import argparse
import sys

from app.blas_threads import leave_a_core


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="backprop-studio",
        description="Backprop Studio: step through the lecture's backpropagation one line "
                    "at a time.",
        epilog="backprop-studio export --help: export the network diagram (SVG, PNG, PDF) "
               "or the current step (LaTeX) from a script, without a window.")
    p.add_argument("file", nargs="?", help="a session (.bpstudio) to open, or a data file "
                   "(.csv, .tsv, .txt, .mat) to import")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    leave_a_core()             # before numpy is imported (app/blas_threads.py)
    if argv and argv[0] == "export":
        from app.cli_export import main as export_main
        return export_main(argv[1:])
    window = launch(argv)
    return window.app.exec()


def launch(argv: list[str]):
    """The shown main window for a command line (what `main` then runs)."""
    args = parser().parse_args(argv)
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from app.errors import ExceptionDialog
    from app.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Backprop Studio")
    app.setOrganizationName("Backprop Studio")
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 11.0))  # legible on a projector
    app.setFont(font)
    window = MainWindow()
    hook = ExceptionDialog(window)
    hook.install()
    window.show()
    window.app = app
    if args.file:
        window.files.open_path(args.file)
    else:
        window.offer_recovery()
    return window


if __name__ == "__main__":
    sys.exit(main())
