"""An adversarial review of Train mode and long moves (issue 10): real key presses in a
window while jobs run, every state compared with a model that took each micro-step one
at a time (bpengine.StudioModel.step(), the reference)."""

import time

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import bpengine as bp
from app import jobs
from app.main_window import MainWindow
from app.prompts import DIALOGS
from app.session import Session
from bpengine import moves, sessionfile
from bpengine.config import DataSource, StudioConfig
from tests.app.moving import CIRCLES, assert_same, focused_window, key, reference
from tests.engine.test_moves import train_way


@pytest.fixture
def window(qtbot):
    w = focused_window(qtbot)
    yield w
    w.session.jobs.stop()


def on_worker(monkeypatch) -> None:
    """Every job on the worker thread (as for 6 × 512 on the digits where no child process
    can start), each fast batch 1 ms longer in a sleep: a batch of these tiny networks is
    pure Python, and a worker that never waits outside the GIL starves the GUI thread
    (minutes for a test)."""
    train_way(monkeypatch, "in slices")
    monkeypatch.setattr(jobs, "WORKER_UNIT_S", 0.0)
    monkeypatch.setattr(jobs, "TRAIN_WORKER_UNIT_S", 0.0)
    real = bp.Stepper._fast_batch

    def slower(self, *args, **kwargs):
        time.sleep(0.001)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(bp.Stepper, "_fast_batch", slower)


def batches_take(monkeypatch, seconds: float) -> None:
    """Every fast batch measures `seconds` (a clock that moves that much between reads)."""
    import itertools
    import types

    from bpengine import fast
    ticks = itertools.count()
    monkeypatch.setattr(fast, "time",
                        types.SimpleNamespace(perf_counter=lambda: seconds * next(ticks)))


def train_until(qtbot, window, updates: int) -> None:
    s = window.session
    key(qtbot, Qt.Key_T)
    assert s.training
    qtbot.waitUntil(lambda: s.model.timeline.n_updates() >= updates, timeout=20000)
    key(qtbot, Qt.Key_Escape)
    assert not s.jobs.busy


def test_train_then_alpha_then_train_on_equals_micro_stepping(qtbot, window):
    s = window.session
    train_until(qtbot, window, 10)
    K1 = s.k
    s.set_settings(alpha=0.1)
    train_until(qtbot, window, s.model.timeline.n_updates() + 10)
    assert_same(s, reference(s.k, [(K1, {"alpha": 0.1})]))


def test_seek_back_into_an_earlier_segment_and_train_across_its_end(qtbot, window):
    s = window.session
    for _ in range(7):
        key(qtbot, Qt.Key_Right)                  # mid-batch
    K1 = s.k
    s.set_settings(alpha=0.2)
    for _ in range(13):
        key(qtbot, Qt.Key_Right)
    K2 = s.k
    s.set_settings(batch_size=3)
    train_until(qtbot, window, 30)
    s.seek(2)
    s.jobs.wait()
    assert s.model.timeline.i == 0
    train_until(qtbot, window, 40)                # across both segment ends
    assert s.model.timeline.i == 2
    edits = [(K1, {"alpha": 0.2}), (K2, {"batch_size": 3})]
    assert_same(s, reference(s.k, edits))
    for k in (K1 - 1, K1 + 3, K2 + 1, s.k - 5):   # every state rewinds exactly
        s.seek(k)
        s.jobs.wait()
        assert_same(s, reference(k, edits))


def test_train_then_undo_and_redo(qtbot, window):
    s = window.session
    for _ in range(4):
        key(qtbot, Qt.Key_Right)
    K1 = s.k
    s.set_settings(alpha=0.1)
    key(qtbot, Qt.Key_T)
    qtbot.waitUntil(lambda: s.model.timeline.n_updates() >= 20, timeout=20000)
    key(qtbot, Qt.Key_Z, Qt.ControlModifier)      # during Train: stops it, undoes α
    assert not s.jobs.busy and s.k == K1 and s.config.alpha == 0.5
    assert_same(s, reference(K1))
    key(qtbot, Qt.Key_T)
    qtbot.waitUntil(lambda: s.model.timeline.n_updates() >= 5, timeout=20000)
    key(qtbot, Qt.Key_Y, Qt.ControlModifier)      # redo during Train: back to α = 0.1
    assert not s.jobs.busy and s.k == K1 and s.config.alpha == 0.1
    assert_same(s, reference(K1, [(K1, {"alpha": 0.1})]))
    train_until(qtbot, window, 30)
    assert_same(s, reference(s.k, [(K1, {"alpha": 0.1})]))


def test_file_new_during_train_replaces_the_model_and_stops(qtbot, window):
    s = window.session
    key(qtbot, Qt.Key_T)
    qtbot.waitUntil(lambda: s.model.timeline.n_updates() >= 5, timeout=20000)
    old = s.model
    window.files.new()
    assert s.model is not old and not s.jobs.busy and s.k == 0
    for _ in range(5):
        QApplication.processEvents()
    assert s.k == 0 and not window.training.train_action.isChecked()


def test_open_during_a_worker_job(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "x.bpstudio"
    bp.save_session(path, bp.StudioModel(CIRCLES))
    on_worker(monkeypatch)
    s = window.session
    s.train_epochs(5000)
    assert s.jobs.on_worker
    assert window.files.open_path(path)
    assert not s.jobs.busy and s.k == 0 and window.canvas.isEnabled()


def test_diverging_train_says_why_and_the_state_is_replayable(qtbot, window):
    s = window.session
    s.set_settings(alpha=1e6, lam=1e9)
    key(qtbot, Qt.Key_T)
    qtbot.waitUntil(lambda: not s.jobs.busy, timeout=20000)
    assert "λ" in window.messages.label.text()
    assert not window.training.train_action.isChecked()
    ref = bp.StudioModel(CIRCLES)
    ref.set_settings(alpha=1e6, lam=1e9)
    while ref.k < s.k:
        assert ref.step()
    assert_same(s, ref)
    assert not ref.step()                         # the next step is the one that fails


def test_diverging_train_on_the_worker(qtbot, window, monkeypatch):
    on_worker(monkeypatch)
    s = window.session
    s.set_settings(alpha=1e6, lam=1e9)
    key(qtbot, Qt.Key_T)
    qtbot.waitUntil(lambda: not s.jobs.busy, timeout=20000)
    assert "λ" in window.messages.label.text() and window.canvas.isEnabled()


def test_train_epochs_dialog_cancelled_changes_nothing(qtbot, window, monkeypatch):
    monkeypatch.setattr(DIALOGS, "epochs", lambda parent, last: None)
    s = window.session
    key(qtbot, Qt.Key_Right)
    key(qtbot, Qt.Key_T, Qt.ControlModifier)
    assert not s.jobs.busy and s.k == 1
    key(qtbot, Qt.Key_T)
    qtbot.waitUntil(lambda: s.model.timeline.n_updates() >= 3, timeout=20000)
    key(qtbot, Qt.Key_T, Qt.ControlModifier)      # cancelled during Train: Train goes on
    assert s.training
    key(qtbot, Qt.Key_Escape)


@pytest.mark.parametrize("worker", [False, True])
def test_many_keys_during_a_job(qtbot, window, monkeypatch, worker):
    if worker:
        on_worker(monkeypatch)
    s = window.session
    s.train_epochs(5000)
    presses = [Qt.Key_PageDown, Qt.Key_PageUp, Qt.Key_PageUp, Qt.Key_Home,
               Qt.Key_PageDown] * 3
    for k in presses:
        key(qtbot, k)
    assert s.k == 1
    key(qtbot, Qt.Key_PageDown, Qt.ControlModifier)
    key(qtbot, Qt.Key_PageDown, Qt.ControlModifier)
    key(qtbot, Qt.Key_PageDown, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(lambda: not s.jobs.busy, timeout=20000)
    ref = reference(1)
    ref.next_batch()
    ref.next_batch()
    ref.next_epoch()
    assert_same(s, ref)
    for _ in range(10):                      # each counts from the goal of the one before
        s.train_epochs(50)
        key(qtbot, Qt.Key_PageDown, Qt.ControlModifier)
    qtbot.waitUntil(lambda: not s.jobs.busy, timeout=20000)
    for _ in range(10):
        for _ in range(50):
            ref.next_epoch()
        ref.next_batch()
    assert_same(s, ref)
    key(qtbot, Qt.Key_T)
    for _ in range(10):
        key(qtbot, Qt.Key_Home)
        key(qtbot, Qt.Key_T)
    key(qtbot, Qt.Key_Escape)
    qtbot.waitUntil(lambda: not s.jobs.busy, timeout=20000)
    assert_same(s, reference(s.k))


def test_cancel_of_a_worker_job_is_replayable(qtbot, window, monkeypatch):
    on_worker(monkeypatch)
    s = window.session
    s.train_epochs(5000)
    qtbot.waitUntil(lambda: s.jobs.job.status.k > 200, timeout=20000)
    key(qtbot, Qt.Key_Escape)
    assert not s.jobs.busy and window.canvas.isEnabled()
    assert_same(s, reference(s.k))


def test_worker_train_mode_stops_and_is_replayable(qtbot, window, monkeypatch):
    on_worker(monkeypatch)
    s = window.session
    key(qtbot, Qt.Key_T)
    assert s.jobs.on_worker and s.training
    qtbot.wait(300)
    key(qtbot, Qt.Key_Escape)
    assert not s.jobs.busy and window.canvas.isEnabled()
    assert s.k > 0
    assert_same(s, reference(s.k))


def test_esc_while_presenting_stops_the_job_and_stays(qtbot, window):
    s = window.session
    window.presentation.enter()
    assert window.presentation.active
    key(qtbot, Qt.Key_T)
    assert s.training
    key(qtbot, Qt.Key_Escape)
    assert not s.jobs.busy and window.presentation.active
    s.train_epochs(5000)
    key(qtbot, Qt.Key_Escape)
    assert not s.jobs.busy and window.presentation.active
    key(qtbot, Qt.Key_Escape)
    assert not window.presentation.active


@pytest.mark.parametrize("worker", [False, True])
def test_closing_the_window_during_a_job(qtbot, window, monkeypatch, worker):
    if worker:
        on_worker(monkeypatch)
    s = window.session
    s.train_epochs(5000)
    assert s.jobs.busy
    window.close()
    assert not s.jobs.busy and not s.jobs.timer.isActive()
    k = s.k
    qtbot.wait(100)
    assert s.k == k


def test_presenting_after_training_past_the_symbols_does_not_fail(qtbot, window):
    """The plots draw symbols up to 30 updates, then a line only; a look change (the
    presentation mode, a theme) after that set a None symbol on a scatter holding spots,
    and pyqtgraph raised in the event loop."""
    s = window.session
    for _ in range(3):
        key(qtbot, Qt.Key_PageDown, Qt.ControlModifier)   # plotted with symbols
    qtbot.wait(50)
    train_until(qtbot, window, 40)                        # a line only
    qtbot.wait(50)
    window.presentation.enter()                           # a heavier look
    qtbot.wait(50)
    s.seek(s.stepper.schedule.batch_start(3))             # symbols again, in that look
    s.jobs.wait()
    qtbot.wait(50)
    curve = window.plots.J_curve
    assert curve.opts["symbol"] == "o" and curve.scatter.isVisible()
    assert curve.scatter.opts["size"] == curve.opts["symbolSize"]


def test_saving_during_a_worker_job_never_reads_the_model_it_moves(qtbot, window, tmp_path,
                                                                  monkeypatch):
    """jobs.py: while a job runs on a worker nothing may read the model. Ctrl+S and the
    autosave's timer read all of it (K, the batch, Θ, the histories, the checkpoints at
    different moments): a file mixing two states."""
    on_worker(monkeypatch)
    s = window.session
    worker_alive = []
    real = sessionfile.model_to_json

    def spy(model):
        thread = s.jobs._thread
        worker_alive.append(thread is not None and thread.is_alive())
        return real(model)

    monkeypatch.setattr(sessionfile, "model_to_json", spy)
    path = tmp_path / "during.bpstudio"
    monkeypatch.setattr(DIALOGS, "save_path", lambda parent, suggested: str(path))
    s.train_epochs(5000)
    assert s.jobs.on_worker
    key(qtbot, Qt.Key_S, Qt.ControlModifier)
    s.set_training(True)
    assert s.jobs.on_worker
    window.autosave.changed = True
    window.autosave.save_if_changed()             # the minute's timer
    assert worker_alive and not any(worker_alive)
    s.jobs.stop()
    saved = bp.load_session(path)
    ref = reference(saved.k)
    assert all(np.array_equal(a, b) for a, b in zip(saved.thetas, ref.thetas))


def test_a_lesson_far_ahead_says_the_step_it_opens_at(qtbot, window, tmp_path):
    """The lesson's seek is a job now: "Lesson opened: …, step K" named the step the
    job's first slice had reached (2,004 of 99,000), not the lesson's."""
    model = bp.StudioModel(CIRCLES)
    target = 99_000                                   # within lessons.MAX_REPLAY
    model.set_view(lesson={"version": 1, "panels": ["plots"], "presenting": False,
                           "theme": "light", "font_scale": 1.0, "start_step": target})
    path = tmp_path / "lesson.bpstudio"
    bp.save_session(path, model)
    assert window.files.open_path(path)
    qtbot.waitUntil(lambda: "Lesson opened" in window.messages.text(), timeout=5000)
    assert f"step {target:,}." in window.messages.text()
    window.session.jobs.wait()
    assert window.session.k == target


def test_a_job_ending_by_itself_leaves_the_keyboard_where_the_user_is_typing(qtbot, window):
    """The panels are disabled only for a worker job; a job in slices ending (Train N
    epochs done) moved the focus to the canvas, under the user typing in a field: the
    next keys (P, T, digits) went to the canvas's shortcuts."""
    s = window.session
    s.train_epochs(300)
    field = window.settings_panel.seed
    field.setFocus()
    qtbot.waitUntil(lambda: field.hasFocus(), timeout=2000)
    qtbot.waitUntil(lambda: not s.jobs.busy, timeout=20000)
    assert QApplication.focusWidget() is field


def test_pageup_over_a_full_batch_start_does_not_replay_the_batch_at_the_key(qtbot,
                                                                            monkeypatch):
    """Digits 64-25-10, the full batch (1,797 examples, 5 micro-steps each): PageUp at a
    batch's start goes to the update step of the batch before, replayed from that batch's
    start: ~9,000 micro-steps (0.5 s here; 12 s at 6 × 512) inside the key press. A job's
    first slice (10 ms) holds far fewer."""
    config = StudioConfig(source=DataSource("builtin", "digits"), hidden=(25,),
                          acts=("sigmoid", "sigmoid"), alpha=0.5, batch_size=None)
    w = focused_window(qtbot, config)
    s = w.session
    for _ in range(2):
        s.next_batch()
        s.jobs.wait()
    w.canvas.setFocus()
    steps = []
    real = bp.Stepper._step
    monkeypatch.setattr(bp.Stepper, "_step", lambda self: steps.append(1) or real(self))
    qtbot.keyClick(w.canvas, Qt.Key_PageUp)
    assert s.k == 2 * 8987 - 1 or s.jobs.busy
    assert len(steps) < 1797                       # not the whole batch at the key
    s.jobs.wait()
    s.jobs.stop()


def test_next_epoch_pressed_twice_during_a_long_epoch_goes_two_epochs(qtbot, window):
    """Batch 1 on 24 examples × 100 would do: here digits, 1,797 one-example batches an
    epoch (~40 µs each: far more than the first 10 ms slice). The second Ctrl+Shift+PageDown
    stops the first job part-way through the epoch and finishes that same epoch."""
    s = window.session
    s.set_dataset("digits")
    s.set_settings(batch_size=1)
    per_epoch = s.stepper.schedule.per_epoch
    key(qtbot, Qt.Key_PageDown, Qt.ControlModifier | Qt.ShiftModifier)
    assert s.jobs.busy                                # still in the first epoch
    key(qtbot, Qt.Key_PageDown, Qt.ControlModifier | Qt.ShiftModifier)
    s.jobs.wait()
    assert s.k == 2 * per_epoch


@pytest.mark.parametrize("worker", [False, True])
@pytest.mark.parametrize("how", ["train", "epochs"])
def test_a_halt_after_some_batches_leaves_the_micro_stepped_state(qtbot, window,
                                                                  monkeypatch, worker, how):
    """α = 20 on these circles: J rises at the fourth batch; micro-stepping halts at step
    106 after 3 updates. Train (T) and Train epochs must stop at that same state."""
    if worker:
        on_worker(monkeypatch)
    s = window.session
    s.set_settings(alpha=20.0)
    if how == "train":
        key(qtbot, Qt.Key_T)
    else:
        s.train_epochs(50)
    qtbot.waitUntil(lambda: not s.jobs.busy, timeout=20000)
    ref = bp.StudioModel(CIRCLES)
    ref.set_settings(alpha=20.0)
    while ref.step():
        pass
    assert (ref.k, ref.timeline.n_updates()) == (106, 3)
    assert_same(s, ref)
    assert "diverging" in window.messages.label.text()
    assert window.canvas.isEnabled() and not window.training.train_action.isChecked()


def test_a_worker_job_that_fails_says_so_and_not_done(qtbot, window, monkeypatch):
    """An unexpected error on the worker (not a training halt) was said, then at once
    replaced by "…: done, at step k." (a job over 0.3 s), which is not true."""
    on_worker(monkeypatch)

    def fail(self, budget_s=0.03):
        time.sleep(0.4)                                    # a job longer than 0.3 s
        raise MemoryError("out of memory")

    monkeypatch.setattr(moves.Training, "run", fail)     # the job Train N epochs makes
    s = window.session
    s.train_epochs(3)
    assert s.jobs.on_worker
    qtbot.waitUntil(lambda: not s.jobs.busy, timeout=20000)
    text = window.messages.label.text()
    assert "out of memory" in text and "done" not in text


def test_a_job_in_slices_that_fails_ends_and_says_so(qtbot, window, monkeypatch):
    """On the GUI thread an unexpected error escaped the timer's slot, and the timer
    (interval 0) ran the failing slice again and again: busy for ever, an error a tick."""
    calls = []

    def fail(self, budget_s=0.03):
        calls.append(1)
        if len(calls) > 1:                 # the first slice (at the key) works
            raise MemoryError("out of memory")
        return self.status

    monkeypatch.setattr(moves.Training, "run", fail)     # the job Train N epochs makes
    s = window.session
    s.train_epochs(3)
    assert s.jobs.busy and not s.jobs.on_worker
    qtbot.waitUntil(lambda: not s.jobs.busy, timeout=5000)
    assert len(calls) == 2
    assert "out of memory" in window.messages.label.text()


def test_the_train_rate_line_is_not_clipped_when_it_wraps(qtbot):
    """The bar was sized for its first text ("Training…", one line); "Training · 4,436
    batches/s" wraps beside the bar and Stop on a narrow canvas, and its first line was
    cut off at the top (seen at 1024 × 768)."""
    w = MainWindow(Session(CIRCLES))
    qtbot.addWidget(w)
    w.resize(1024, 768)
    w.show()
    qtbot.waitExposed(w)
    s, bar = w.session, w.messages
    s.set_training(True)
    qtbot.waitUntil(lambda: "batches/s" in bar.text(), timeout=20000)
    qtbot.wait(50)
    label = bar.label
    assert label.height() >= label.heightForWidth(label.width())
    assert bar.geometry().bottom() >= label.mapTo(bar, label.rect().bottomLeft()).y()
    s.set_training(False)


def test_cancel_stays_live_while_a_worker_job_disables_the_panels(qtbot, window,
                                                                  monkeypatch):
    """The message bar lies over the canvas as a child of the central widget, which a
    worker job disables: its Cancel button was disabled with it (training.py: "Cancel
    stays live")."""
    on_worker(monkeypatch)
    s, bar = window.session, window.messages
    s.train_epochs(5000)
    assert s.jobs.on_worker and not window.canvas.isEnabled()
    qtbot.waitUntil(bar.progress.isVisible, timeout=20000)
    assert bar.stop.isEnabled()
    qtbot.mouseClick(bar.stop, Qt.LeftButton)
    assert not s.jobs.busy
    assert_same(s, reference(s.k))


def test_the_autosave_waits_while_train_runs_in_slices(qtbot, window, monkeypatch):
    """Train mode changes the model every frame, so the minute's autosave always wrote,
    on the GUI thread between two frames: 1.4 s with 10⁶ updates of history, a frozen
    window once a minute. It waits for the job to end; the next minute saves."""
    written = []
    real = sessionfile.model_to_json
    monkeypatch.setattr(sessionfile, "model_to_json",
                        lambda model: written.append(model.k) or real(model))
    s = window.session
    key(qtbot, Qt.Key_T)
    qtbot.waitUntil(lambda: s.model.timeline.n_updates() >= 5, timeout=20000)
    window.autosave.save_if_changed()                  # the minute's timer, during Train
    assert written == [] and window.autosave.changed
    key(qtbot, Qt.Key_Escape)
    window.autosave.save_if_changed()                  # the next minute
    assert written == [s.k] and not window.autosave.changed


def test_a_move_whose_batches_measured_longer_than_a_slice_goes_to_the_worker(qtbot, window,
                                                                              monkeypatch):
    """The batch estimate was a flops guess, 2× short on a slower machine, so a 26 ms batch
    of 400-25-10 ran in a GUI slice (a 78 ms freeze). After fast batches measured at 50 ms
    each (a clock that moves 50 ms between reads), the next move runs on the worker, and
    still ends where a micro-stepped model does."""
    s = window.session
    s.next_batch()
    s.jobs.wait()
    assert not s.jobs.busy                 # these tiny batches: the first ran in a slice
    batches_take(monkeypatch, 0.05)
    s.next_batch()
    s.jobs.wait()
    s.train_epochs(2)
    assert s.jobs.on_worker and not window.canvas.isEnabled()
    qtbot.waitUntil(lambda: not s.jobs.busy, timeout=20000)
    assert window.canvas.isEnabled()
    assert_same(s, reference(s.k))


def test_train_mode_keeps_a_batch_that_fits_a_frame_on_the_gui_thread(qtbot, window,
                                                                      monkeypatch):
    """Batches measured at 22 ms (27.5 ms a batch of 5 where the short last batch of 4 was
    the one measured): a long move goes to the worker (more than a 20 ms slice), but Train
    mode stays in the window's frames (up to 30 ms), where the canvas follows, instead of
    greying the panels until it stops."""
    s = window.session
    batches_take(monkeypatch, 0.022)
    s.next_batch()
    s.jobs.wait()
    s.train_epochs(2)
    assert s.jobs.on_worker
    qtbot.waitUntil(lambda: not s.jobs.busy, timeout=20000)
    key(qtbot, Qt.Key_T)
    assert s.training and not s.jobs.on_worker and window.canvas.isEnabled()
    n = s.model.timeline.n_updates()
    qtbot.waitUntil(lambda: s.model.timeline.n_updates() > n + 5, timeout=20000)
    key(qtbot, Qt.Key_Escape)
    assert not s.jobs.busy
    assert_same(s, reference(s.k))


def test_exports_and_copies_during_a_worker_job_never_read_the_model_it_moves(
        qtbot, window, tmp_path, monkeypatch):
    """Export weights, Copy diagram and Copy step read Θ and the step while a worker
    trained (a mix of two batches' states): each now stops the job first, and what it wrote
    is the state a micro-stepped model has at the step where the job stopped."""
    from app import exporting
    on_worker(monkeypatch)
    s = window.session
    alive = []
    real_save, real_copy = bp.save_weights, exporting.copy_diagram
    monkeypatch.setattr(bp, "save_weights", lambda path, thetas: (
        alive.append(s.jobs._thread is not None), real_save(path, thetas)))
    monkeypatch.setattr(exporting, "copy_diagram", lambda *a, **k: (
        alive.append(s.jobs._thread is not None), real_copy(*a, **k)))
    stopped_at = []
    for act in (lambda: window.weights.export(str(tmp_path / "w.npz")),
                window.exports.copy_diagram):
        s.train_epochs(5000)
        assert s.jobs.on_worker
        act()
        assert not s.jobs.busy
        stopped_at.append(s.k)
    assert alive == [False, False]
    saved = bp.load_weights(str(tmp_path / "w.npz"), sizes=s.sizes)
    ref = reference(stopped_at[0])
    assert stopped_at[0] > 0 and all(np.array_equal(a, b) for a, b in zip(saved, ref.thetas))
    assert_same(s, reference(stopped_at[1]))
    QApplication.clipboard().clear()   # its PNG and SVG left there crashed Qt's exit


def test_a_colour_mode_changed_during_a_worker_job_is_shown_when_it_ends(qtbot, window,
                                                                         monkeypatch):
    """The canvas recoloured at once on a new colour mode, reading the stepper the worker
    was moving; it now follows the mode when the job is done."""
    on_worker(monkeypatch)
    s, canvas = window.session, window.canvas
    reads = []
    real = type(canvas).refresh
    monkeypatch.setattr(type(canvas), "refresh",
                        lambda self: (reads.append(s.jobs.on_worker), real(self)))
    s.train_epochs(5000)
    assert s.jobs.on_worker
    canvas.set_node_mode("a")
    assert s.view.node_mode == "a" and reads == []
    s.jobs.stop()
    assert reads and not any(reads)
    assert "a⁽ˡ⁾" in canvas.legend_widget.titles[0]
    assert_same(s, reference(s.k))


def test_a_worker_job_ending_by_itself_shows_its_views_in_a_tick_after_the_panels(
        qtbot, window, monkeypatch):
    """The panels enabled again, the views' update and both paints kept the GUI thread
    ~50 ms in one block at 400-25-10; now a timer due after the panels come back runs
    before the views follow, and the views do follow (the banner shows the last step)."""
    from PySide6.QtCore import QTimer
    on_worker(monkeypatch)
    s, order = window.session, []
    s.jobs.sigBusy.connect(lambda busy: busy or QTimer.singleShot(
        0, lambda: order.append(("timer", window.canvas.isEnabled()))))
    s.sigStepped.connect(lambda: order.append(("views", window.canvas.isEnabled())))
    s.train_epochs(3)
    assert s.jobs.on_worker
    qtbot.waitUntil(lambda: not s.jobs.busy, timeout=20000)
    qtbot.waitUntil(lambda: ("views", True) in order, timeout=5000)
    assert order.index(("timer", True)) < order.index(("views", True))
    assert f"step {s.k}" in window.banner.where.text()
    assert_same(s, reference(s.k))
