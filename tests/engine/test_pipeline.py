"""Train mode's batches computed ahead on a worker thread or in a child process
(bpengine/pipeline.py): every state compared with a model that took each micro-step one
at a time (the reference)."""

import shutil
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import bpengine as bp
from bpengine import moves, pipeline, trainchild, trainproc
from bpengine.config import StudioConfig
from tests.engine.test_moves import (
    CIRCLES,
    WAYS,
    micro_stepped,
    same_state,
    train_way,
    trainers,
    until_ahead,
)


@pytest.fixture(params=["on a thread", "in a process"])
def ahead(request, monkeypatch):
    """Every Train mode job computes its batches ahead, whatever their size, and a slice
    waits for the first batch however long it takes (the counts below are exact)."""
    train_way(monkeypatch, request.param)
    monkeypatch.setattr(pipeline, "FIRST_WAIT_S", 60.0)


def started_ahead(job, monkeypatch) -> None:
    """Nothing trained in slices before the batches come from ahead (a child process
    loads first): every batch below is the worker's."""
    with monkeypatch.context() as m:
        m.setattr(job, "_batches", lambda tl, budget_s: None)
        until_ahead(job)


def until_the_pipeline_ends(job, monkeypatch) -> None:
    """As started_ahead, for a worker that stops at its first batch: slices (training
    nothing themselves) until the pipeline has ended there and is closed."""
    deadline = time.monotonic() + 60
    with monkeypatch.context() as m:
        m.setattr(job, "_batches", lambda tl, budget_s: None)
        while job._may_ahead:
            assert time.monotonic() < deadline, "the pipeline never ended"
            job.run(1e-6)
            time.sleep(0.002)


def test_a_diverging_run_ahead_stops_with_the_reason_and_the_worker_ends(ahead,
                                                                          monkeypatch):
    model = bp.StudioModel(StudioConfig(alpha=1e6, lam=1e9))
    job = model.training()
    started_ahead(job, monkeypatch)
    for _ in range(1000):
        status = job.run(0.01)
        if status.done:
            break
    assert status.done and not status.cancelled
    assert "λ" in str(status.halted)            # the regularisation is named as the cause
    assert all(np.isfinite(t).all() for t in model.thetas)   # the last good step stands
    assert not job.ahead and not trainers()
    same_state(model, micro_stepped(StudioConfig(alpha=1e6, lam=1e9), model.k))


def test_where_the_fast_path_is_not_safe_the_batches_are_micro_stepped_here(ahead,
                                                                             monkeypatch):
    """With the a-priori bound failing, the worker stops at once, leaving every batch to
    the caller, which micro-steps each on its own thread: still the reference's states."""
    model = bp.StudioModel(CIRCLES)
    model.stepper._bound.threshold = 0.0
    job = model.training()
    until_the_pipeline_ends(job, monkeypatch)
    assert model.k == 0                          # the pipeline crossed no batch
    for _ in range(5):
        job.run(1e-6)
    job.cancel()
    assert model.k == model.stepper.schedule.batch_start(5)   # one batch a slice
    assert not trainers()
    same_state(model, micro_stepped(CIRCLES, model.k))


def test_a_slice_of_batches_ahead_commits_for_about_its_budget(ahead, monkeypatch):
    """Commits stop once the slice's budget is spent: 256 batches waiting are not all taken
    in one slice (that would hold a GUI thread ~5 ms)."""
    model = bp.StudioModel(CIRCLES)
    job = model.training()
    started_ahead(job, monkeypatch)
    while job._pipe._results.qsize() < 200:      # let the worker get well ahead
        time.sleep(0.01)
    before = model.timeline.n_updates()
    job.run(1e-6)
    assert model.timeline.n_updates() - before == 1
    job.cancel()


def test_the_slices_stop_before_a_batch_that_would_overrun_them(monkeypatch):
    """In slices (not ahead), a batch that would end past the budget is left for the next
    slice: batches of 0.4 s on a 1 s budget make two, not three."""
    model = bp.StudioModel(CIRCLES)
    s, now = model.stepper, [0.0]
    cross = s._fast_batch

    def timed(*args, **kwargs):
        now[0] += 0.4
        return cross(*args, **kwargs)

    monkeypatch.setattr(s, "_fast_batch", timed)
    monkeypatch.setattr(time, "perf_counter", lambda: now[0])
    assert s.train(budget_s=1.0) == 2


@pytest.mark.parametrize("row_s, first_wait", [(1e-9, 60.0), (1.0, False)],
                         ids=["short batches", "batches longer than a frame"])
def test_a_slice_waits_for_a_first_batch_only_when_one_is_shorter_than_a_frame(
        ahead, monkeypatch, row_s, first_wait):
    """Batches of 5 s (to the stepper's estimate: 1 s a row) are not waited for: the
    caller shows its frame meanwhile. Short ones are (up to FIRST_WAIT_S, here 60 s)."""
    model = bp.StudioModel(CIRCLES)
    job = model.training()
    started_ahead(job, monkeypatch)
    model.stepper.row_s = row_s
    results, waits = job._pipe._results, []
    get = results.get
    monkeypatch.setattr(results, "get", lambda block=True, timeout=None: waits.append(
        block and timeout) or get(block, timeout))
    job.run(1e-6)
    job.cancel()
    assert waits[0] == first_wait


def test_a_stepper_moved_another_way_meanwhile_gets_no_stale_batches(ahead, monkeypatch):
    """Results computed from where the stepper stood are dropped once it has moved on by
    another way: the state stays the reference's."""
    model = bp.StudioModel(CIRCLES)
    job = model.training()
    started_ahead(job, monkeypatch)
    model.stepper.train(3)                  # past what the worker computed from
    k = model.k
    job.run(1e-6)
    job.cancel()
    assert model.k == k and not trainers()
    same_state(model, micro_stepped(CIRCLES, k))


@pytest.fixture
def in_a_process(monkeypatch):
    train_way(monkeypatch, "in a process")


@pytest.mark.parametrize("program", ["/no/such/python", "/bin/true"],
                         ids=["cannot start", "exits at once"])
def test_without_a_child_process_train_mode_goes_on_in_slices(in_a_process, monkeypatch,
                                                              program):
    """No interpreter to start, or one that ends before it loaded: training goes on in
    slices, each state the reference's."""
    monkeypatch.setattr(sys, "executable", program)
    in_slices_after_the_pipeline(never_ahead=True)


def in_slices_after_the_pipeline(never_ahead: bool = False) -> None:
    """Train CIRCLES until its pipeline has ended and 30 batches are done; then no worker
    is left and the state is the reference's."""
    model = bp.StudioModel(CIRCLES)
    job = model.training()
    deadline = time.monotonic() + 60
    while job._may_ahead or model.timeline.n_updates() < 30:
        assert time.monotonic() < deadline
        job.run(1e-6)
        assert not (never_ahead and job.ahead)
    job.cancel()
    assert not trainers()
    same_state(model, micro_stepped(CIRCLES, model.k))


def test_a_child_process_that_dies_while_ahead_leaves_the_slices_the_rest(in_a_process,
                                                                          monkeypatch):
    """Killed mid-run (the system ran out of memory, say): the batches it had sent are
    kept, the rest are trained in slices, and every state is the reference's."""
    model = bp.StudioModel(CIRCLES)
    job = model.training()
    until_ahead(job)
    for _ in range(5):
        job.run(1e-6)
    job._pipe._child._proc.kill()
    before, deadline = model.timeline.n_updates(), time.monotonic() + 60
    while job._may_ahead or model.timeline.n_updates() < before + 20:
        assert time.monotonic() < deadline
        job.run(1e-6)
    job.cancel()
    assert not trainers()
    same_state(model, micro_stepped(CIRCLES, model.k))


@pytest.mark.parametrize("way", WAYS)
def test_train_n_epochs_stops_at_the_epochs_end_in_the_reference_state(way, monkeypatch):
    """Step ▸ Train N epochs is Train mode's job with a target: from one step into the run,
    30 epochs of CIRCLES (m = 24 in batches of 5: 24 × 5 + 5 × 2 = 130 steps an epoch) end
    at step 3,900 exactly, in slices or ahead, the fraction at 1 and no worker left."""
    train_way(monkeypatch, way)
    monkeypatch.setattr(moves, "AHEAD_MIN_S", 0.0)     # ahead however short
    monkeypatch.setattr(pipeline, "FIRST_WAIT_S", 60.0)
    config = CIRCLES.with_(shuffle=True, seed=4)
    model = bp.StudioModel(config)
    model.step()
    job = model.train_epochs(30)
    assert isinstance(job, moves.Training) and job.target == 3900
    if way != "in slices":
        started_ahead(job, monkeypatch)
    deadline = time.monotonic() + 60
    while not job.run(0.5).done:           # slices long enough to overshoot, but for the
        assert time.monotonic() < deadline  # target
    assert model.k == 3900 and job.status.fraction == 1.0 and not job.status.cancelled
    assert not trainers()
    same_state(model, micro_stepped(config, 3900))


def test_train_n_epochs_from_an_earlier_segment_is_the_move_next_epoch_makes():
    """Stood in the first of two segments (α changed at step 40, then back to 12), the
    epochs cross into the second: the plain move, which goes where next epoch goes."""
    def prepared():
        model = bp.StudioModel(CIRCLES)
        model.seek(40)
        model.set_settings(alpha=0.1)
        model.seek(12)
        return model

    job_model, sync_model = prepared(), prepared()
    job = job_model.train_epochs(2)
    assert isinstance(job, moves.Move)
    while not job.run(1e-6).done:
        pass
    sync_model.next_epoch()
    sync_model.next_epoch()
    assert job_model.k == sync_model.k > 40
    same_state(job_model, sync_model)


def test_the_child_runs_this_bpengine_even_from_a_folder_holding_another(in_a_process,
                                                                         monkeypatch,
                                                                         tmp_path):
    """Started from a folder with another copy of bpengine (one whose child would train
    with α a thousandth larger), the child still imports the parent's: the same bits."""
    shadow = tmp_path / "bpengine"
    shutil.copytree(Path(bp.__file__).parent, shadow)
    child = shadow / "trainchild.py"
    text = child.read_text()
    assert 'spec["alpha"]' in text
    child.write_text(text.replace('spec["alpha"]', 'spec["alpha"] * 1.001'))
    monkeypatch.chdir(tmp_path)
    model = bp.StudioModel(CIRCLES)
    job = model.training()
    started_ahead(job, monkeypatch)
    for _ in range(20):
        job.run(1e-6)
    job.cancel()
    same_state(model, micro_stepped(CIRCLES, model.k))


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="Linux's /proc")
def test_every_thread_of_the_child_runs_at_a_lower_priority(in_a_process, monkeypatch):
    """Its BLAS threads too (niceness is per thread on Linux: set after numpy loaded, it
    reached only the main thread)."""
    model = bp.StudioModel(CIRCLES)
    job = model.training()
    started_ahead(job, monkeypatch)
    pid = job._pipe._child._proc.pid
    nice = [int(stat.read_text().rsplit(")", 1)[1].split()[16])    # field 19: nice
            for stat in Path(f"/proc/{pid}/task").glob("*/stat")]
    job.cancel()
    assert nice and set(nice) == {trainchild.NICENESS}, nice


def test_a_halt_while_the_child_loads_ends_the_child(in_a_process):
    """Diverging in the slices that run while the child loads: the halt closes it too."""
    model = bp.StudioModel(StudioConfig(alpha=1e6, lam=1e9))
    job = model.training()
    while not job.run(0.01).done:
        pass
    assert job.status.halted is not None and not trainers()


def test_a_record_that_cannot_be_read_leaves_the_slices_the_rest(in_a_process, monkeypatch):
    """Any error on the I/O thread (here a MemoryError copying a record) ends the pipeline
    with its end marker, so the slices go on; before, take() waited for ever."""
    def fail(self, buf):
        raise MemoryError("no room for a record")

    monkeypatch.setattr(trainproc.ChildTrainer, "_records", fail)
    in_slices_after_the_pipeline()
