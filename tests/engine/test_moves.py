"""Long moves as jobs (bpengine/moves.py): run in slices, cancelled, across segments, each
state compared with a model that took every micro-step one at a time (the reference)."""

import os
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import bpengine as bp
from bpengine import moves
from bpengine.config import DataSource, StudioConfig

CIRCLES = StudioConfig(source=DataSource("builtin", "circles", m=24, noise=0.1, seed=3),
                       hidden=(3,), acts=("tanh", "sigmoid"), alpha=0.5, batch_size=5)


def micro_stepped(config: StudioConfig, k: int) -> bp.StudioModel:
    """The reference: a fresh model stepped one micro-step at a time to step k."""
    model = bp.StudioModel(config)
    while model.k < k:
        model.step()
    return model


def same_state(a: bp.StudioModel, b: bp.StudioModel) -> None:
    assert a.k == b.k
    for x, y in zip(a.thetas, b.thetas):
        assert np.array_equal(x, y)
    for x, y in zip(a.stepper.Deltas, b.stepper.Deltas):
        assert np.array_equal(x, y)
    J_a, _ = a.history()
    J_b, _ = b.history()
    assert np.array_equal(J_a, J_b)


def trainers() -> list:
    """The pipeline's worker threads (a child process's I/O thread among them) and child
    processes (Linux's /proc lists them) still alive."""
    threads = [t for t in threading.enumerate() if t.name == "backprop-studio train"]
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (stat.parent / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue                  # gone meanwhile
        if ppid == os.getpid() and b"bpengine.trainchild" in cmdline:
            children.append(stat.parent.name)
    return threads + children


WAYS = ["in slices", "on a thread", "in a process"]


def train_way(monkeypatch, way: str) -> None:
    """Make Train mode go `way`: batches in slices on the caller's thread, or computed
    ahead on a worker thread or in a child process (bpengine/pipeline.py)."""
    monkeypatch.setattr(moves, "IN_PROCESS", way == "in a process")
    monkeypatch.setattr(moves, "AHEAD_UNIT_S", -1.0 if way == "on a thread" else float("inf"))


def until_ahead(job) -> None:
    """Slices until the batches come from ahead (a child process first loads, ~0.4 s)."""
    deadline = time.monotonic() + 60
    while not job.ahead:
        assert time.monotonic() < deadline, "the batches never came from ahead"
        job.run(1e-6)
        time.sleep(0.002)


def run_in_slices(job, budget=1e-6):
    """Tiny budgets: one unit of work a slice, the most slices there can be."""
    slices = 0
    while not job.done:
        job.run(budget)
        slices += 1
    return slices


def test_a_move_in_slices_reaches_the_step_a_micro_stepped_model_reaches():
    model = bp.StudioModel(CIRCLES)
    target = 3 * model.stepper.schedule.per_epoch + 7      # inside the fourth epoch
    job = model.move_to(target)
    assert run_in_slices(job) > 10                         # it really went in slices
    same_state(model, micro_stepped(CIRCLES, target))


def test_finishing_three_epochs_goes_where_three_next_epochs_go():
    model = bp.StudioModel(CIRCLES)
    for _ in range(11):
        model.step()                                       # mid-batch, mid-epoch
    run_in_slices(model.finishing("epoch", 3))
    per_epoch = model.stepper.schedule.per_epoch
    assert model.k == 3 * per_epoch                        # 11 steps in: epoch 0 ends first
    same_state(model, micro_stepped(CIRCLES, 3 * per_epoch))


def test_finishing_crosses_a_settings_change_as_next_epoch_does():
    def prepared():
        model = bp.StudioModel(CIRCLES)
        model.seek(40)
        model.set_settings(alpha=0.1)                      # a second segment from 40 on
        model.seek(12)                                     # back into the first
        return model

    job_model, sync_model = prepared(), prepared()
    run_in_slices(job_model.finishing("epoch", 2))
    sync_model.next_epoch()
    sync_model.next_epoch()
    assert job_model.k == sync_model.k > 40
    same_state(job_model, sync_model)


def test_a_cancelled_move_stands_where_a_fresh_replay_puts_it():
    model = bp.StudioModel(CIRCLES)
    job = model.move_to(20 * model.stepper.schedule.per_epoch)
    for _ in range(5):
        job.run(1e-6)
    job.cancel()
    status = job.run(1e-6)
    assert status.done and status.cancelled
    k = model.k
    assert 0 < k < job.target
    same_state(model, micro_stepped(CIRCLES, k))


def test_training_until_cancelled_then_rewinding_equals_micro_stepping():
    model = bp.StudioModel(CIRCLES)
    for _ in range(3):
        model.step()
    job = model.training()
    for _ in range(30):
        job.run(1e-6)                      # one batch a slice (at least one is done)
    job.cancel()
    assert job.run(1e-6).cancelled
    schedule = model.stepper.schedule
    end = model.k
    assert end == schedule.batch_start(30)       # one batch a slice, the first finished batch 0
    rng = np.random.default_rng(5)
    for k in sorted(rng.choice(end, size=6, replace=False), reverse=True):
        model.seek(int(k))
        same_state(model, micro_stepped(CIRCLES, int(k)))


def test_training_stops_with_the_reason_when_it_diverges():
    model = bp.StudioModel(StudioConfig(alpha=1e6, lam=1e9))
    status = model.training().run(None)
    assert status.done and not status.cancelled
    assert "λ" in str(status.halted)            # the regularisation is named as the cause
    assert all(np.isfinite(t).all() for t in model.thetas)   # the last good step stands


@pytest.mark.parametrize("n", [0, -2, 1.5, True])
def test_training_a_number_of_epochs_that_is_not_a_whole_number_is_refused(n):
    model = bp.StudioModel(CIRCLES)
    said = []
    model.listen(lambda event, *args: said.append((event, args)))
    assert model.finishing("epoch", n) is None
    assert said and said[0][0] == "message" and "whole number" in said[0][1][0]
    assert model.k == 0


def test_too_many_epochs_at_once_are_refused_with_the_limit():
    model = bp.StudioModel(CIRCLES)
    said = []
    model.listen(lambda event, *args: said.append((event, args)))
    assert model.finishing("epoch", 10_001) is None
    assert "10,000" in said[0][1][0]


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("batch_size, shuffle", [(None, False), (5, True), (1, False)])
def test_train_mode_then_50_random_rewinds_equal_a_micro_stepped_run(batch_size, shuffle,
                                                                     way, monkeypatch):
    """Train (the window's T) for 40 batches (past those in slices while a child process
    loads), then step back to 50 random earlier steps: each equals one reference model
    taken there one micro-step at a time. Ahead, the batches are computed on a worker
    thread or in a child process and committed here (bpengine/pipeline.py)."""
    train_way(monkeypatch, way)
    ahead = way != "in slices"
    config = CIRCLES.with_(batch_size=batch_size, shuffle=shuffle, seed=4)
    model = bp.StudioModel(config)
    job = model.training()
    if ahead:
        until_ahead(job)
    first = model.timeline.n_updates()
    while model.timeline.n_updates() < first + 40:
        job.run(1e-6)
        assert job.ahead == ahead
    job.cancel()
    assert not job.ahead and not trainers()          # the worker is stopped and gone
    end = model.k
    rng = np.random.default_rng(11)
    reference = bp.StudioModel(config)
    for k in sorted(int(k) for k in rng.choice(end + 1, size=50, replace=False)):
        while reference.k < k:
            reference.step()
        model.seek(k)
        same_state(model, reference)
