"""How long one step takes to reach the screen: canvas recolour + inspector + plot point.

Run: python tests/benchmarks/bench_views.py   (offscreen; not part of the test suite)

For each network it steps a real MainWindow through micro-steps and reports the median of
(a) the engine's micro-step alone (reference, same run), (b) the views' update on
sigStepped: canvas recolour + inspector + plot point, the issue's measure, (c) (b) plus a
forced synchronous repaint of the whole window (toolbar, menus and docks included, which
play never repaints; bench_play.py measures the frames of play). Targets for (b): under
16 ms for 2-2-2-1 and under 33 ms for the larger ones.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")  # offscreen size-hint chatter
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import numpy as np  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import bpengine as bp  # noqa: E402
from app import autosave  # noqa: E402
from app.main_window import MainWindow  # noqa: E402
from app.prompts import DIALOGS  # noqa: E402
from app.session import Session  # noqa: E402
from bpengine.config import DataSource, StudioConfig  # noqa: E402


def synthetic(n: int, k: int, m: int = 500) -> bp.Dataset:
    rng = np.random.default_rng(0)
    labels = rng.integers(0, k, m)
    return bp.Dataset(X=rng.random((m, n)), Y=np.eye(k)[labels], labels=labels,
                      class_names=[str(i) for i in range(k)],
                      feature_names=[f"x{i + 1}" for i in range(n)], name=f"random {n}-D")


def measure(window: MainWindow, steps: int = 150) -> tuple[float, float, float]:
    session, app = window.session, QApplication.instance()
    session.select(("unit", 2, 1))  # the inspector has an equation to fill in
    engine, views, painted = [], [], []
    for _ in range(steps):
        t0 = time.perf_counter()
        session.stepper.step()
        t1 = time.perf_counter()
        session.sigStepped.emit()
        t2 = time.perf_counter()
        window.repaint()
        app.processEvents()
        t3 = time.perf_counter()
        engine.append(t1 - t0)
        views.append(t2 - t1)
        painted.append(t3 - t1)
    return tuple(1000 * statistics.median(x) for x in (engine, views, painted))


CASES = [("2-2-2-1 (XOR)", StudioConfig(), None, 16.0),
         ("64-25-10 (digits)", StudioConfig(source=DataSource("builtin", "digits"), hidden=(25,),
                                            acts=("sigmoid", "sigmoid")), None, 33.0),
         ("400-25-10 (random 400-D)", StudioConfig(hidden=(25,),
                                                   acts=("sigmoid", "sigmoid")), "400x10", 33.0)]


def open_window(config: StudioConfig, data: str | None) -> MainWindow:
    """A shown 1280×800 MainWindow on `config`; data "400x10" is a random 400-D, 10-class
    dataset the session has not seen (as if loaded from a file)."""
    session = Session(config) if data is None else Session()
    if data is not None:
        session.set_dataset(DataSource("csv", "random400.csv", sha256="random400"),
                            synthetic(400, 10))
        session.set_settings(hidden=config.hidden, acts=config.acts)
    window = MainWindow(session)
    window.resize(1280, 800)
    window.show()
    QApplication.instance().processEvents()
    return window


def main() -> None:
    _app = QApplication.instance() or QApplication([])   # kept alive for the run
    # closing a stepped window asks whether to save it: a modal dialog would block the run;
    # settings and autosaves go to a temporary folder, not the user's
    DIALOGS.save_changes = lambda parent, name: "discard"
    temp = Path(tempfile.mkdtemp(prefix="bench_views_"))
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(temp))
    autosave.default_folder = lambda: temp
    print(f"{'network':28} {'engine ms':>10} {'views ms':>9} {'+paint ms':>10} {'target':>7} "
          f"{'views/target':>13}")
    for name, config, data, target in CASES:
        window = open_window(config, data)
        e, v, p = measure(window)
        print(f"{name:28} {e:10.3f} {v:9.2f} {p:10.2f} {target:7.0f} {v / target:13.2f}")
        window.close()


if __name__ == "__main__":
    main()
