"""The Gradient check panel: the corrected D passes, the lecture's printed D fails for
λ > 0 with the reason, the worst weights select on the canvas, and a long check runs off the
GUI thread: the window answers keys meanwhile and Cancel stops it."""

import numpy as np
from PySide6.QtCore import Qt

import bpengine as bp
from app.check_worker import running
from app.gradcheck_panel import GradientCheckPanel
from app.main_window import MainWindow
from app.session import Session
from bpengine.config import DataSource, StudioConfig
from bpengine.notation import layer
from tests.app.conftest import shown


def finish(qtbot, panel):
    qtbot.waitUntil(lambda: panel.worker is None, timeout=60000)
    return panel.result


def test_the_corrected_D_passes_and_the_printed_one_fails_with_its_reason(qtbot):
    session = Session(StudioConfig(lam=1.0))
    panel = shown(qtbot, GradientCheckPanel(session), 480, 640)
    session.next_batch()
    panel.run()
    res = finish(qtbot, panel)
    assert res.passed and res.formula == "corrected" and res.n_checked == 15
    assert panel.verdict.text().startswith("✓")
    # the numerical gradient, independently: the plain central-difference loop
    num = bp.numerical_gradient(list(session.stepper.thetas), session.model.data.X,
                                session.model.data.Y, lam=1.0)
    for got, want in zip(res.numerical, num):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-10)
    xs, ys = panel.points.getData()
    bx, by = panel.bias_points.getData()
    assert len(xs) + len(bx) == 15 and len(bx) == 5          # 2 + 2 + 1 bias weights
    np.testing.assert_allclose(ys, xs, rtol=1e-5, atol=1e-9)  # on the diagonal
    panel.seed_formula.setChecked(True)                       # re-runs with λΘ
    res = finish(qtbot, panel)
    assert res.formula == "seed" and not res.passed
    assert panel.verdict.text().startswith("✗")
    text = panel.explanation.toPlainText()
    assert "λΘ" in text and "m = 4" in text and "(λ/m)Θ" in text
    xs, ys = panel.points.getData()
    assert not np.allclose(ys, xs, rtol=1e-3)                 # off the diagonal
    bx, by = panel.bias_points.getData()
    np.testing.assert_allclose(by, bx, rtol=1e-5, atol=1e-9)  # bias weights still agree


def test_at_lambda_zero_the_printed_formula_cannot_be_told_apart(qtbot):
    session = Session()
    panel = shown(qtbot, GradientCheckPanel(session), 480, 640)
    panel.seed_formula.setChecked(True)
    panel.run()
    res = finish(qtbot, panel)
    assert res.passed and "λ > 0" in panel.explanation.toPlainText()


def test_a_worst_weight_selects_it(qtbot):
    session = Session(StudioConfig(lam=1.0))
    panel = shown(qtbot, GradientCheckPanel(session), 480, 640)
    panel.seed_formula.setChecked(True)
    panel.run()
    res = finish(qtbot, panel)
    l, i, j, D, num, _ = res.worst(1)[0]
    assert panel.table.rowCount() == 10
    assert float(panel.table.item(0, 1).text()) == float(f"{D:.6g}")
    assert float(panel.table.item(0, 2).text()) == float(f"{num:.6g}")
    assert panel.table.item(0, 0).text().startswith("Θ" + layer(l))
    rect = panel.table.visualItemRect(panel.table.item(0, 1))
    qtbot.mouseClick(panel.table.viewport(), Qt.LeftButton, pos=rect.center())
    assert session.selection == ("edge", l, i, j)


def test_a_check_after_training_on_says_it_is_stale(qtbot):
    session = Session()
    panel = shown(qtbot, GradientCheckPanel(session), 480, 640)
    panel.run()
    finish(qtbot, panel)
    assert panel.stale.text() == ""
    session.step()
    assert panel.stale.text() == ""          # Θ unchanged inside a batch
    session.next_batch()
    assert "changed" in panel.stale.text()


def test_cancel_stops_a_running_check_and_the_window_answers_keys_meanwhile(qtbot):
    # 64-100-10 on the digits: 7,510 weights, all of them checked, takes seconds
    window = MainWindow(Session(StudioConfig(source=DataSource("builtin", "digits"),
                                             hidden=(100,), acts=("sigmoid", "sigmoid"))))
    shown(qtbot, window, 1280, 800)
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.canvas.setFocus()
    panel = window.teaching.check
    assert panel.all_weights.isVisibleTo(panel)               # a big network offers it
    panel.all_weights.setChecked(True)
    panel.run()
    worker = panel.worker
    qtbot.waitUntil(lambda: panel.progress.isVisible() and panel.progress.value() > 0,
                    timeout=20000)
    assert worker.isRunning()
    k = window.session.k
    qtbot.keyClick(window.canvas, Qt.Key_PageDown)           # answered while it runs
    assert window.session.k == k + 1 and worker.isRunning()
    qtbot.mouseClick(panel.cancel_button, Qt.LeftButton)
    assert panel.worker is None and not panel.progress.isVisible()
    assert worker.wait(20000)                                # the thread ends ...
    assert not worker.check.done and 0 < worker.check.fraction < 1   # ... part-way
    assert panel.result is None and panel.verdict.text() == "Cancelled."
    assert worker not in running()


def test_a_large_networks_check_all_row_does_not_raise_the_panels_minimum_height(qtbot):
    """A network of more weights than the check samples shows a "check all" row; the row
    is taken from the tabs' minimum height, so the panel (and the window, at 1024 × 768) is
    no taller at its least than a small network's, at the normal type and at the
    presentation mode's larger type (a minimum kept from the old fonts went stale)."""
    from app.theme import Look
    panels = []
    for hidden in ((3,), (512,)):
        s = Session(StudioConfig(source=DataSource("builtin", "digits"), hidden=hidden,
                                 acts=("sigmoid", "sigmoid")))
        panel = GradientCheckPanel(s)
        shown(qtbot, panel, 420, 400)
        panels.append(panel)
    small, large = panels
    assert not small.all_weights.isVisible() and large.all_weights.isVisible()
    for scale in (1.0, 2.5, 0.8):
        for panel in panels:
            panel.set_look(Look(scale=scale))
        qtbot.wait(10)
        assert large.minimumSizeHint().height() == small.minimumSizeHint().height(), scale
