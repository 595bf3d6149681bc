"""Train mode, Step ▸ Train epochs… and long moves in the window: real key presses, the
busy indicator, Cancel, and every state compared with a model that took each micro-step
one at a time (the reference)."""

import time

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import bpengine as bp
from app import jobs
from app.main_window import MainWindow
from app.prompts import DIALOGS
from bpengine import moves
from tests.app.moving import CIRCLES, assert_same, focused_window, key, reference
from tests.engine.test_moves import WAYS, train_way


@pytest.fixture
def window(qtbot):
    w = focused_window(qtbot)
    yield w
    w.session.jobs.stop()


@pytest.mark.parametrize("way", WAYS)
def test_t_trains_esc_stops_and_every_batch_rewinds_to_the_micro_stepped_state(qtbot, window,
                                                                               way,
                                                                               monkeypatch):
    """Ahead (on a worker thread, or in a child process once it has loaded) the panels
    stay live as in slices."""
    train_way(monkeypatch, way)
    s = window.session
    key(qtbot, Qt.Key_T)
    assert s.training and window.training.train_action.isChecked()
    if way == "on a thread":
        assert s.jobs.job.ahead
    else:               # a child process loads first: meanwhile, slices
        assert not s.jobs.job.ahead
    if way == "in a process":
        qtbot.waitUntil(lambda: s.jobs.job.ahead, timeout=20000)
    assert not s.jobs.on_worker and window.canvas.isEnabled()
    assert window.training.train_action.text() == "Stop training"
    qtbot.waitUntil(lambda: "batches/s" in window.messages.text(), timeout=20000)
    assert window.messages.stop.text() == "Stop"
    assert not window.messages.progress.isVisible()   # no busy bar repainting every frame
    qtbot.waitUntil(lambda: s.model.timeline.n_updates() >= 40, timeout=20000)
    key(qtbot, Qt.Key_Escape)
    assert not s.training and not s.jobs.busy and not window.isFullScreen()
    assert window.training.train_action.text() == "Train"
    schedule = s.stepper.schedule
    assert s.k == schedule.batch_start(s.model.timeline.n_updates())   # at a batch's start
    assert_same(s, reference(s.k))
    rng = np.random.default_rng(2)
    for k in sorted(rng.choice(s.k, size=4, replace=False)):           # back, then forward
        s.seek(int(k))
        s.jobs.wait()
        assert_same(s, reference(int(k)))


def test_train_epochs_asks_how_many_and_goes_where_next_epoch_goes(qtbot, window,
                                                                   monkeypatch):
    asked = []
    monkeypatch.setattr(DIALOGS, "epochs", lambda parent, last: asked.append(last) or 7)
    s = window.session
    key(qtbot, Qt.Key_Right)                                 # one micro-step in
    key(qtbot, Qt.Key_T, Qt.ControlModifier)
    assert asked == [10]                                     # the dialog's first suggestion
    qtbot.waitUntil(lambda: not s.jobs.busy, timeout=20000)
    reference = bp.StudioModel(CIRCLES)
    reference.step()
    for _ in range(7):
        reference.next_epoch()
    assert_same(s, reference)
    assert window.training.last_epochs == 7


@pytest.mark.parametrize("way", ["in slices", "in a process"])
def test_a_long_job_shows_progress_and_cancel_leaves_a_replayable_state(qtbot, window, way,
                                                                        monkeypatch):
    """Train N epochs, in slices (the views ten times a second) or with its batches from a
    child process (the views every frame, and the rate achieved shown)."""
    train_way(monkeypatch, way)
    monkeypatch.setattr(moves, "AHEAD_MIN_S", 0.0)
    s = window.session
    s.train_epochs(5000)
    assert s.jobs.job.target == 5000 * s.stepper.schedule.per_epoch and not s.jobs.framed
    bar = window.messages
    qtbot.waitUntil(bar.progress.isVisible, timeout=20000)      # after ~0.3 s of work
    assert bar.text().startswith("Training 5,000 epochs…")
    if way == "in a process":
        qtbot.waitUntil(lambda: s.jobs.framed, timeout=20000)
        qtbot.waitUntil(lambda: "batches/s" in bar.text(), timeout=20000)
    assert 0 <= bar.progress.value() < 1000 and bar.stop.text() == "Cancel"
    qtbot.mouseClick(bar.stop, Qt.LeftButton)
    assert not s.jobs.busy and not bar.progress.isVisible()
    k = s.k
    per_epoch = s.stepper.schedule.per_epoch
    assert 0 < k < 5000 * per_epoch
    assert f"stopped at step {k:,}" in window.messages.label.text()
    s.seek(k)                                                # (no move: the same state)
    assert_same(s, reference(k) if k < 40_000 else _seeked(k))


def _seeked(k: int) -> bp.StudioModel:
    model = bp.StudioModel(CIRCLES)
    model.seek(k)
    return model


def test_keys_during_a_job_count_from_its_goal_as_if_it_had_been_instant(qtbot, window):
    s = window.session
    s.train_epochs(300)
    assert s.jobs.busy                       # the first slice ran; the rest waits its turn
    goal = s.jobs.job.target
    key(qtbot, Qt.Key_Right)                 # one step past the 300 epochs
    assert s.jobs.job.target == goal + 1
    key(qtbot, Qt.Key_Left)
    key(qtbot, Qt.Key_Left)                  # and two back: one before their end
    s.jobs.wait()
    assert s.k == goal - 1
    assert_same(s, reference(goal - 1))


def test_a_job_with_batches_longer_than_a_slice_runs_on_a_worker_with_panels_disabled(
        qtbot, window, monkeypatch):
    monkeypatch.setattr(jobs, "WORKER_UNIT_S", 0.0)          # as for 6 × 512 on the digits
    monkeypatch.setattr(jobs, "TRAIN_WORKER_UNIT_S", 0.0)
    s = window.session
    disabled = []
    s.jobs.sigBusy.connect(lambda busy: busy and disabled.append(
        not window.canvas.isEnabled() and not window.inspector.isEnabled()))
    s.train_epochs(3)
    assert s.jobs.on_worker and disabled == [True]
    qtbot.waitUntil(lambda: not s.jobs.busy, timeout=20000)
    assert window.canvas.isEnabled() and window.inspector.isEnabled()
    reference = bp.StudioModel(CIRCLES)
    for _ in range(3):
        reference.next_epoch()
    assert_same(s, reference)


def large_batches(s, monkeypatch) -> None:
    """Batches as long, to the window, as 6 × 512's on the digits: the stepper's own
    estimate of a batch (its seconds a row) at 1 s a row, 5 s a batch. Only a batch the
    window computes itself measures it anew, so while it stays the window computed none.
    Each fast batch also sleeps 1 ms, so that a worker thread leaves the GUI thread the
    GIL (a batch of this tiny network is pure Python)."""
    s.stepper.row_s = 1.0
    real = bp.Stepper._fast_batch

    def slower(self, *args, **kwargs):
        time.sleep(0.001)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(bp.Stepper, "_fast_batch", slower)


def test_train_mode_on_batches_longer_than_a_frame_keeps_the_panels_live_with_a_child(
        qtbot, window, monkeypatch):
    """The child computes every batch, even while it loads (the window waits for it rather
    than train a 5 s batch in a slice); the window only commits them, so the panels stay
    live all along. Every batch rewinds to the micro-stepped state."""
    train_way(monkeypatch, "in a process")
    s = window.session
    large_batches(s, monkeypatch)
    live = []
    s.sigStepped.connect(lambda: live.append(window.canvas.isEnabled()
                                             and window.inspector.isEnabled()))
    key(qtbot, Qt.Key_T)
    assert not s.jobs.on_worker and s.jobs.job.ahead    # waiting for the child, framed
    qtbot.waitUntil(lambda: s.model.timeline.n_updates() >= 40, timeout=20000)
    assert not s.jobs.on_worker and live and all(live)
    key(qtbot, Qt.Key_Escape)
    assert s.stepper.row_s == 1.0                       # no batch was the window's own
    assert s.k == s.stepper.schedule.batch_start(s.model.timeline.n_updates())
    assert_same(s, reference(s.k))


def test_a_child_that_dies_under_batches_longer_than_a_frame_hands_them_to_a_worker(
        qtbot, window, monkeypatch):
    """Killed mid-run, the child leaves 5 s batches (to the window's estimate) that a
    slice would freeze the window on: the job goes on on a worker thread, with the panels
    disabled, and stops where a replay reproduces."""
    train_way(monkeypatch, "in a process")
    s = window.session
    large_batches(s, monkeypatch)
    busy = []
    s.jobs.sigBusy.connect(lambda b: busy.append((b, window.canvas.isEnabled())))
    key(qtbot, Qt.Key_T)
    qtbot.waitUntil(lambda: s.model.timeline.n_updates() >= 5, timeout=20000)
    assert not s.jobs.on_worker
    s.jobs.job._pipe._child._proc.kill()
    qtbot.waitUntil(lambda: s.jobs.on_worker, timeout=20000)
    assert busy == [(True, True), (True, False)]        # live, then off for the worker
    n = s.model.timeline.n_updates()
    qtbot.waitUntil(lambda: s.model.timeline.n_updates() >= n + 20, timeout=20000)
    s.jobs.stop()
    assert window.canvas.isEnabled() and not s.jobs.busy
    assert s.k == s.stepper.schedule.batch_start(s.model.timeline.n_updates())
    assert_same(s, reference(s.k))


def test_training_that_diverges_stops_and_says_why(qtbot, window):
    s = window.session
    s.set_settings(alpha=1e6, lam=1e9)
    s.set_training(True)
    qtbot.waitUntil(lambda: not s.jobs.busy, timeout=20000)
    text = window.messages.label.text()
    assert "λ" in text and not s.training
    assert all(np.isfinite(t).all() for t in s.model.thetas)


def test_stopping_after_a_long_training_moves_nothing(qtbot):
    """After thousands of updates J prints longer (0.0002345); no panel may widen its dock
    then (the data panel's line did, and the network jumped when training stopped)."""
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1024, 768)
    w.show()
    qtbot.waitExposed(w)
    s = w.session
    w.resizeDocks([w.inspector_dock], [1], Qt.Horizontal)     # the docks as narrow as
    for _ in range(10):                                       # their panels allow
        QApplication.processEvents()
    before = (w.canvas.width(), w.inspector_dock.width(),
              w.data_panel.minimumSizeHint().width())
    s.set_training(True)
    qtbot.waitUntil(lambda: s.model.timeline.n_updates() >= 3000, timeout=60000)
    s.set_training(False)
    for _ in range(10):
        QApplication.processEvents()
    assert s.model.timeline.last_J() < 1e-3                # J prints longer: 0.0002345
    assert (w.canvas.width(), w.inspector_dock.width(),
            w.data_panel.minimumSizeHint().width()) == before


def test_the_data_panels_pass_over_the_data_waits_until_its_tab_is_shown(qtbot, window,
                                                                        monkeypatch):
    """J and accuracy on the whole training part cost a forward pass over all of it (21 ms
    at 400-25-10, m = 5000, at every pause): done only when the Data tab is on screen."""
    s = window.session
    window.inspector_dock.raise_()                       # the Data tab behind it
    QApplication.processEvents()
    passes = []
    real = s.model.evaluate
    monkeypatch.setattr(s.model, "evaluate", lambda: passes.append(1) or real())
    s.next_epoch()
    s.jobs.wait()
    QApplication.processEvents()
    assert passes == []
    window.data_dock.raise_()
    qtbot.waitUntil(lambda: passes == [1])
    J, _acc = real()["train"]
    assert f"J = {J:.4g}" in window.data_panel.parts.text()


def test_a_seek_to_a_numpy_step_names_the_step(window):
    s = window.session
    s.seek(np.int64(200_000))
    assert s.jobs.text == "Going to step 200,000"
    s.jobs.wait()
    assert s.k == 200_000


@pytest.mark.parametrize("ahead", [False, True])
def test_train_mode_ticks_once_a_frame_when_the_batches_are_computed_ahead(window, ahead):
    """Ahead, a tick only commits and shows: the next waits out the frame (the worker
    trains meanwhile, the paint comes) instead of spinning the GUI thread; in slices the
    slice fills the frame and the next tick follows at once."""
    class Job:
        unit_s, cancel = 0.0, staticmethod(lambda: None)
        status = bp.JumpStatus(-1, 0, 0, None, 0.0, float("inf"), False)

        def __init__(self):
            self.ahead = ahead

        def run(self, budget_s):
            now[0] += 0.005            # 5 ms of commits (the views take none on this clock)
            return self.status

    now = [0.0]
    runner = window.session.jobs
    runner.clock = lambda: now[0]
    runner.start(Job(), "Training", endless=True)
    runner._tick()
    assert runner.timer.interval() == (int((jobs.FRAME_S - 0.005) * 1000) if ahead else 1)
    runner.stop()


@pytest.mark.parametrize("in_tick", [False, True], ids=["at the key press", "in a tick"])
def test_the_views_of_a_jobs_end_come_in_a_tick_of_their_own_after_a_full_slice(
        qtbot, window, in_tick):
    """A move that ends in a tick's slice (20 ms of work) shows its end in the next tick:
    the views and their paint after the slice kept the GUI thread 40–55 ms. One that ends
    in the slice at the key press is shown at once."""
    class Job:
        unit_s, ahead, cancel = 0.0, False, staticmethod(lambda: None)

        def __init__(self):
            self.runs = 0
            self.status = bp.JumpStatus(10, 0, 0, None, 0.0, 1.0, False)

        def run(self, budget_s):
            self.runs += 1
            done = self.runs == (2 if in_tick else 1)
            self.status = bp.JumpStatus(10, 0, 0, None, 1.0 * done, 0.0, done)
            return self.status

    s, shown = window.session, []
    s.sigStepped.connect(lambda: shown.append(s.jobs.busy))
    s.jobs.start(Job(), "Going to step 10")
    if in_tick:
        assert s.jobs.busy and not shown
        s.jobs.timer.stop()
        s.jobs._tick()                         # the second slice ends the job
    assert not s.jobs.busy
    assert shown == ([] if in_tick else [False])
    if in_tick:
        qtbot.waitUntil(lambda: shown == [False], timeout=5000)
