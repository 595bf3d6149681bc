"""The cost and accuracy plots mirror the stepper's history, forwards and backwards."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from app.plots import SYMBOLS_UP_TO, CostPlots  # noqa: E402
from tests.app.conftest import shown  # noqa: E402


@pytest.fixture
def plots(qtbot, session):
    return shown(qtbot, CostPlots(session), 520, 620)


def data(item):
    x, y = item.getOriginalDataset()
    if x is None:
        return np.array([]), np.array([])
    return np.asarray(x), np.asarray(y)


def test_items_exist_once_and_start_empty(plots):
    assert len(plots.cost.listDataItems()) == 3 and len(plots.acc.listDataItems()) == 1
    for item in (plots.J_curve, plots.acc_curve, plots.J_so_far_marker, plots.cost_i_marker):
        assert len(data(item)[0]) == 0
    legend = [label.text for _, label in plots.legend.items]
    assert legend == ["J(Θ) per batch", "J so far, this batch", "cost(i), no λ"]


def test_J_and_accuracy_follow_history_after_k_batches(session, plots):
    items = plots.cost.listDataItems() + plots.acc.listDataItems()
    for _ in range(5):
        session.next_batch()
    st = session.stepper
    x, y = data(plots.J_curve)
    assert np.array_equal(x, [1, 2, 3, 4, 5])
    assert np.array_equal(y, np.array(st.history_J))
    xa, ya = data(plots.acc_curve)
    assert np.array_equal(xa, x) and np.array_equal(ya, np.array(st.history_acc))
    assert ((ya >= 0) & (ya <= 1)).all()
    assert plots.cost.listDataItems() + plots.acc.listDataItems() == items   # not rebuilt


def test_stepping_back_into_the_previous_batch_shrinks_the_curves(session, plots):
    for _ in range(3):
        session.next_batch()
    session.back()                                  # undo the third update
    st = session.stepper
    assert len(st.history_J) == 2 and st.last.kind == "gradient"
    x, y = data(plots.J_curve)
    assert len(x) == 2 and np.array_equal(y, np.array(st.history_J))
    assert len(data(plots.acc_curve)[0]) == 2
    session.step()                                  # redo it: the same value comes back
    assert len(data(plots.J_curve)[0]) == 3
    session.reset()
    assert len(data(plots.J_curve)[0]) == 0 and len(data(plots.acc_curve)[0]) == 0


def test_the_current_example_marker_appears_after_the_output_error(session, plots):
    st = session.stepper
    for _ in range(3):                              # forward 2, 3, 4
        session.step()
        assert len(data(plots.cost_i_marker)[0]) == 0
    session.step()                                  # output error: cost(i) exists
    assert st.last.kind == "output_error"
    x, y = data(plots.cost_i_marker)
    assert np.allclose(x, [0 + 1 / 4]) and np.allclose(y, [st.cost_i])
    xs, ys = data(plots.J_so_far_marker)
    assert np.allclose(xs, [0.25]) and np.allclose(ys, [st.J_so_far])
    session.next_example()                          # through accumulate, then example 2
    session.step()                                  # forward 2 of example 2: cost(i) is gone
    assert len(data(plots.cost_i_marker)[0]) == 0
    assert np.allclose(data(plots.J_so_far_marker)[1], [st.J_so_far])
    session.next_batch()
    session.next_example()
    x, y = data(plots.J_so_far_marker)
    assert np.allclose(x, [1 + 1 / 4]) and np.allclose(y, [st.J_so_far])   # after update 1
    session.next_batch()                            # the batch is done: markers cleared
    assert len(data(plots.J_so_far_marker)[0]) == 0
    assert len(data(plots.cost_i_marker)[0]) == 0


def test_mini_batches_place_the_marker_by_fraction_of_the_batch(session, plots):
    session.set_settings(batch_size=2)              # the stepper is rebuilt: history empty
    assert len(data(plots.J_curve)[0]) == 0
    session.next_batch()
    session.next_example()
    x, _ = data(plots.J_so_far_marker)
    assert np.allclose(x, [1 + 1 / 2])


def test_many_updates_drop_the_symbols_and_stay_consistent(session, plots):
    for _ in range(SYMBOLS_UP_TO + 5):
        session.next_batch()
    assert plots.J_curve.opts["symbol"] is None
    assert plots.J_curve.opts["clipToView"] and plots.J_curve.opts["autoDownsample"]
    st = session.stepper
    assert np.array_equal(data(plots.J_curve)[1], np.array(st.history_J))
    session.seek(st.schedule.batch_start(2000))     # a long jump, as a job: to its end
    session.jobs.wait()
    assert len(data(plots.J_curve)[0]) == 2000 == len(st.history_J)
    session.next_batch()                            # the history can still grow
    assert len(data(plots.J_curve)[0]) == 2001
    session.reset()
    assert plots.J_curve.opts["symbol"] == "o"


def test_accuracy_axis_is_fixed_to_zero_one(session, plots):
    for _ in range(3):
        session.next_batch()
    lo, hi = plots.acc.viewRange()[1]
    assert lo == pytest.approx(-0.05) and hi == pytest.approx(1.05)


def test_cost_axis_ends_on_a_round_number_with_three_labels(session, plots):
    for _ in range(3):
        session.next_batch()
    top = max(session.stepper.history_J)
    lo, hi = plots.cost.viewRange()[1]
    assert lo < 0 < top < hi                       # 0 and every J in view, with padding
    ticks = plots.cost.getAxis("left")._tickLevels
    labels = [text for _, text in ticks[0]]
    assert labels[0] == "0" and len(labels) == 3
    assert float(labels[2]) >= top and float(labels[1]) == float(labels[2]) / 2


def test_the_legend_takes_more_rows_when_narrow_and_never_overflows(qtbot, plots):
    plots.resize(600, 400)
    plots.show()
    qtbot.waitUntil(lambda: plots.legend.columnCount == 3)
    for width, columns in ((380, 2), (320, 1)):   # two entries a row need ~345 px at 14 pt
        plots.resize(width, 400)
        qtbot.waitUntil(lambda c=columns: plots.legend.columnCount == c)
        qtbot.waitUntil(lambda w=width: plots.ci.geometry().width() <= w + 1)  # laid out


def test_legend_samples_show_the_markers_before_there_is_data(session):
    p = CostPlots(session)                          # step 0: no marker has data yet
    assert p.J_so_far_marker.scatter.opts["size"] == p.J_so_far_marker.opts["symbolSize"]
    assert p.cost_i_marker.scatter.opts["symbol"] == "t"


def test_J_so_far_is_the_same_quantity_as_J_per_batch(qtbot):
    # XOR with λ = 1: at the batch's last example "J so far" must read what J(Θ) per batch
    # then reads (the vectorised cost with its λ/(2m) ΣΘ² term), not the data part alone
    import bpengine as bp
    from app.session import Session
    from bpengine.config import StudioConfig

    session = Session(StudioConfig(lam=1.0))
    plots = CostPlots(session)
    qtbot.addWidget(plots)
    thetas = [np.array(t) for t in session.stepper.thetas]
    while session.stepper.seen < 4:
        session.step()
    J = bp.cost_only(thetas, session.model.data.X, session.model.data.Y, lam=1.0)
    assert data(plots.J_so_far_marker)[1][0] == pytest.approx(J, rel=1e-12)
    session.next_batch()
    assert data(plots.J_curve)[1][0] == pytest.approx(J, rel=1e-12)
    assert J == pytest.approx(1.711, abs=5e-4)             # the figure


def check_envelope(x, y, J):
    """Each pair of points is (first update, max), (first update, min) of one bin of w
    updates: compared with numpy's max and min of that bin's slice of the history."""
    xs = x[0::2]
    assert np.array_equal(xs, x[1::2])
    w = int(xs[1] - xs[0])
    assert w > 2 and np.all(np.diff(xs) == w)
    for xi, hi, lo in zip(xs, y[0::2], y[1::2]):
        part = J[int(xi) - 1:int(xi) - 1 + w]
        assert hi == part.max() and lo == part.min()
    return w


def test_a_long_history_is_drawn_from_its_exact_envelope_two_points_a_pixel(session, plots):
    from app.history_curves import EXACT_UP_TO
    session.stepper.train(n_batches=12_000)         # engine speed, then one announce
    session.announce()
    J = np.array(session.stepper.history_J)
    x, y = data(plots.J_curve)
    px = plots.cost.getViewBox().width()
    assert len(J) == 12_000 > EXACT_UP_TO and 0 < len(x) <= 2 * (px + 3)
    check_envelope(x, y, J)
    assert y.max() == J.max() and y.min() == J.min()   # all of it in view, nothing lost
    assert plots._J_max == J.max()
    xa, ya = data(plots.acc_curve)
    check_envelope(xa, ya, np.array(session.stepper.history_acc))
    plots.cost.setXRange(0, 100_000, padding=0)     # zoomed out: ≥ 64 updates a bin
    x, y = data(plots.J_curve)
    assert check_envelope(x, y, J) >= 64 and len(x) <= 2 * (px + 3)   # the stored levels
    assert y.max() == J.max() and y.min() == J.min()
    session.seek(session.stepper.schedule.batch_start(5_000))   # a rewind: shorter
    session.jobs.wait()
    J5 = np.array(session.stepper.history_J)
    assert len(J5) == 5_000
    x, y = data(plots.J_curve)
    assert check_envelope(x, y, J5) < 64            # narrower bins, from the values
    assert len(x) <= 2 * (px + 3)
    assert y.max() == J5.max() and y.min() == J5.min()
    plots.cost.setXRange(1001, 1201, padding=0)     # zoomed in: the values themselves
    x, y = data(plots.J_curve)
    assert x[0] <= 1001 and x[-1] >= 1201 and np.all(np.diff(x) == 1)
    assert np.array_equal(y, J5[int(x[0]) - 1:int(x[-1])])
    session.seek(session.stepper.schedule.batch_start(3_000))   # short again: whole
    session.jobs.wait()
    x, y = data(plots.J_curve)
    assert np.array_equal(y, np.array(session.stepper.history_J)) and len(x) == 3_000


@pytest.mark.parametrize("length, pt", [(155, 16.5), (200, 21.0), (450, 13.0)])
def test_update_numbers_never_run_together(session, length, pt):
    """In the presentation's type on a narrow plot, "2000 4000 6000 8000" ran into one
    another. pyqtgraph labels every tick of the first level it is given: those ticks must
    lie at least one label's width apart (measured here with the axis's own font), and
    besides 0 at least one of them lies in the range."""
    from PySide6.QtGui import QFont, QFontMetricsF
    plots = CostPlots(session)                 # kept: the axis lives as long as its plots
    axis = plots.acc.getAxis("bottom")
    font = QFont()
    font.setPointSizeF(pt)
    axis.setTickFont(font)
    metrics = QFontMetricsF(font)
    for top in (9_500, 120_000, 5_000_000):
        step, labelled = axis.tickValues(0, top, length)[0]
        shown = [v for v in labelled if 0 <= v <= top]
        assert any(v > 0 for v in shown), f"no update number up to {top:,}"
        widest = max(metrics.horizontalAdvance(f"{v:g}") for v in shown)
        assert step / top * length >= widest, f"labels overlap up to {top:,}: {shown}"


def test_the_first_updates_are_numbered_in_whole_numbers(session):
    """After one update the axis runs to 5 and read "0.5 1.0 1.5 … 4.5" (seen at
    1024 × 768): update numbers are whole, and no minor tick falls between two of them."""
    plots = CostPlots(session)
    axis = plots.acc.getAxis("bottom")
    for top, length in ((5, 300), (5, 900), (12, 900), (40, 900)):
        levels = axis.tickValues(0, top, length)
        ticks = [v for _step, values in levels for v in values if 0 <= v <= top]
        assert ticks and all(float(v).is_integer() for v in ticks), (top, length, ticks)
        assert not any("." in text for text in axis.tickStrings(ticks, 1, levels[0][0]))


@pytest.mark.parametrize("height", [620, 260])          # titles shown, and dropped
def test_one_more_update_does_not_lay_the_plots_out_again(qtbot, session, height):
    """The plots set their titles on every update, which resets the title row and lays both
    plots out again (a second paint of the dock in each long move's views tick); with the
    same title text (or none, in a short dock) an update changes no layout."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    plots = shown(qtbot, CostPlots(session), 520, height)
    for _ in range(2):
        session.next_batch()
        session.jobs.wait()
    QApplication.processEvents()

    class Layouts(QObject):
        n = 0

        def eventFilter(self, obj, event):
            if event.type() == QEvent.LayoutRequest and obj in (plots.cost, plots.acc):
                Layouts.n += 1
            return False

    counter = Layouts()
    QApplication.instance().installEventFilter(counter)
    try:
        plots._titles = tuple(plots._titles)     # the same texts, as between two ticks
        plots._show_titles()
        QApplication.processEvents()
    finally:
        QApplication.instance().removeEventFilter(counter)
    assert Layouts.n == 0


def test_a_new_range_is_painted_once(qtbot, session):
    """30 more updates widen the update axis: pyqtgraph applied the new range only as the
    plot was about to paint, which changed the items again and asked for a second paint
    (both in the same tick of a long move, with no timer between)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    plots = shown(qtbot, CostPlots(session), 520, 620)
    session.next_batch()
    session.jobs.wait()
    for _ in range(5):
        QApplication.processEvents()
    x_before = plots.cost.viewRange()[0][1]

    class Paints(QObject):
        n = 0

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Paint and obj is plots.viewport():
                Paints.n += 1
            return False

    counter = Paints()
    plots.viewport().installEventFilter(counter)
    session.model.timeline.stepper.train(n_batches=30)
    session.announce()
    for _ in range(5):
        QApplication.processEvents()
    plots.viewport().removeEventFilter(counter)
    assert plots.cost.viewRange()[0][1] > 4 * x_before     # the range did change
    assert Paints.n == 1


def test_a_history_of_4000_updates_draws_a_min_and_a_max_a_pixel(session, plots, qtbot):
    """pyqtgraph's default keeps ~5 samples a pixel; these thick lines are drawn from two
    (the peak of each pixel's column), so a frame paints a fifth of the segments."""
    session.model.stepper.train(4000)
    session.announce()
    qtbot.wait(50)
    x, y = plots.J_curve.getData()          # what is drawn (downsampled, clipped to view)
    pixels = plots.cost.getViewBox().width()
    assert len(x) <= 2 * pixels + 4
    J, _ = session.model.history()
    assert y.max() == J.max()                         # the first batch's peak is kept
    per_pixel = len(J) / pixels
    assert x[-1] >= len(J) - per_pixel - 1            # the head lags at most a pixel
    assert y.min() <= J[:int(len(J) - per_pixel - 1)].min()


def test_in_a_long_move_in_slices_the_plots_follow_in_a_pass_of_their_own(qtbot):
    """About ten times a second a long move in slices shows its views; the plots refresh in
    a pass of the event loop just after the others (the canvas's paint and theirs in one
    pass kept the GUI thread 50-80 ms now and then on the digits). So while the others
    update they still show the step before, and they show every update once that pass has
    run; when nothing moves they follow at once."""
    from app.session import Session
    from bpengine.config import DataSource, StudioConfig
    s = Session(StudioConfig(source=DataSource("builtin", "digits"), hidden=(25,),
                             acts=("sigmoid", "sigmoid"), batch_size=50))
    plots = shown(qtbot, CostPlots(s), 520, 620)
    seen = []        # at each views of the move, after the plots' slot: (shown, updates)
    s.sigStepped.connect(lambda: s.moving_in_slices and seen.append(
        (len(data(plots.J_curve)[0]), s.model.timeline.n_updates())))
    s.train_epochs(100)                        # 3,600 batches, ~0.5 s in slices
    assert s.moving_in_slices
    qtbot.waitUntil(lambda: not s.jobs.busy, timeout=60000)
    assert not s.moving_in_slices
    assert seen and all(shown < updates for shown, updates in seen), seen
    qtbot.wait(5)
    assert len(data(plots.J_curve)[0]) == s.model.timeline.n_updates() == 3600
    s.next_batch()                             # nothing moving: at once
    assert len(data(plots.J_curve)[0]) == 3601
