"""Entry point: `backprop-studio` or `python -m app`."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from app.errors import ExceptionDialog
    from app.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv if argv is None else argv)
    app.setApplicationName("Backprop Studio")
    app.setOrganizationName("Backprop Studio")
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 11.0))  # legible on a projector
    app.setFont(font)
    window = MainWindow()
    hook = ExceptionDialog(window)
    hook.install()
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
