"""Render the README's screenshot: the default window during back-propagation.

Run: python docs/screenshot.py [--size 1280x800] [--steps 6] [--select 2,1] [--out PATH]

Offscreen, with the app's own start-up font; it steps the default session (the lecture's
2-2-2-1 network on XOR) the given number of micro-steps, selects a unit so the inspector
shows its equation, and saves the window as a PNG.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", default="1280x800")
    ap.add_argument("--steps", type=int, default=6, help="micro-steps from the start")
    ap.add_argument("--select", default="2,1", help="layer,unit for the inspector; '' none")
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshot.png"))
    args = ap.parse_args()

    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from app.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    # a name of its own: the developer's saved window layout must not shape the picture
    app.setOrganizationName("BackpropStudioScreenshot")
    app.setApplicationName("BackpropStudioScreenshot")
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 11.0))   # as app.__main__ does
    app.setFont(font)
    width, height = (int(v) for v in args.size.lower().split("x"))
    window = MainWindow()
    window.show()
    for _ in range(5):   # the first show fits the window to the (offscreen, 800 px) screen
        app.processEvents()
    window.resize(width, height)   # … then the picture's size, as on a screen that large
    app.processEvents()
    window._place_docks()          # the docks as they are placed at this width
    for _ in range(args.steps):
        window.session.step()
    if args.select:
        layer, unit = (int(v) for v in args.select.split(","))
        window.session.select(("unit", layer, unit))
    app.processEvents()
    window.grab().save(args.out)
    print(f"{args.out}: {width}x{height}, step {window.session.stepper.k}")


if __name__ == "__main__":
    main()
