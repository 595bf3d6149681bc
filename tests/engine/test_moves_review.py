"""Review of long moves (issue 10): Train N epochs across segments of other schedules."""

import types

import numpy as np
import pytest

import bpengine as bp
from bpengine import fast, jobs
from bpengine.config import DataSource, StudioConfig
from bpengine.studio import MAX_SEEK_EPOCHS

CIRCLES = StudioConfig(source=DataSource("builtin", "circles", m=24, noise=0.1, seed=3),
                       hidden=(3,), acts=("tanh", "sigmoid"), alpha=0.5, batch_size=5)


def test_the_most_epochs_train_from_an_earlier_segment_into_a_longer_schedule():
    """Ctrl+T allows 10,000 epochs. From an earlier segment (batch 5: 24 × 5 + 5 × 2 = 130
    steps an epoch) into one with batch 1 (24 × (5 + 2) = 168 steps an epoch) the goal lies
    more than 10,000 of the first segment's epochs ahead; it was refused as "Step 1,680,003
    lies more than 10,000 epochs ahead"."""
    model = bp.StudioModel(CIRCLES)
    said = []
    model.listen(lambda event, *args: event == "message" and said.append(args))
    for _ in range(3):
        model.step()
    model.set_settings(batch_size=1)     # segment 1 from K = 3, its own step 0 (epoch 0)
    model.seek(1)                        # back in segment 0
    said.clear()
    job = model.finishing("epoch", MAX_SEEK_EPOCHS)
    assert job is not None and said == []
    # the first epoch ends in segment 1 (its epoch 0, from K = 3), then 9,999 more there
    assert job.target == 3 + MAX_SEEK_EPOCHS * 168
    assert model.finishing("epoch", MAX_SEEK_EPOCHS + 1) is None


def test_a_moves_status_counts_global_steps_in_a_later_segment():
    """After a batch-size change at K = 40 the new segment's stepper numbers its steps
    from the start of the current epoch's batch holding the examples used (its k = 17 at
    K = 40): Move.status said k = target = 277 for a move to step 300."""
    model = bp.StudioModel(CIRCLES)
    for _ in range(40):
        model.step()
    model.set_settings(batch_size=3)
    job = model.move_to(300)
    status = job.run(None)
    assert status.done and model.k == 300
    assert (status.k, status.target) == (300, 300)
    job = model.move_to(20)                      # back in the first segment: k is K
    assert (job.run(None).k, job.status.target) == (20, 20)


def test_a_jobs_batch_estimate_is_the_measured_batch_and_its_probe_changes_nothing(
        monkeypatch):
    """Before any fast batch the estimate times one pass on the first rows at the current Θ:
    Θ, k and the history stay as they were (against a stepper that was never probed).
    After a fast batch that took 30 ms on a 2-row batch, a batch is estimated at 30 ms, and
    at 60 ms once the batches hold all 4 rows."""
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])

    def make(batch):
        return bp.Stepper(bp.Network.create([2, 2, 1], seed=1), X, Y, batch_size=batch)

    probed, plain = make(2), make(2)
    for _ in range(3):
        probed.step()
        plain.step()
    assert jobs.batch_seconds(probed) > 0 and probed.row_s is not None
    assert probed.k == plain.k == 3 and not len(probed.history_J)
    for a, b in zip(probed.thetas, plain.thetas):
        assert np.array_equal(a, b)
    assert np.array_equal(probed.a[-1], plain.a[-1])
    clock = iter([10.0, 10.03])
    monkeypatch.setattr(fast, "time", types.SimpleNamespace(perf_counter=lambda: next(clock)))
    probed.train(n_batches=1)                    # the rest of batch 0 on the fast path
    assert probed.row_s == pytest.approx(0.015)
    assert jobs.batch_seconds(probed) == pytest.approx(0.03)
    full = make(None)
    full.row_s = probed.row_s
    assert jobs.batch_seconds(full) == pytest.approx(0.06)


@pytest.mark.parametrize("first_s, passes, batch_s", [
    (0.001, [64, 512], 0.012605), (0.012, [64, 64], 0.168469)])
def test_a_long_first_probe_pass_is_repeated_warm_instead_of_a_longer_one(
        monkeypatch, first_s, passes, batch_s):
    """A digits batch (1,797 rows). Short first pass (1 ms on 64 rows): a second on 512
    rows (4 ms) gives the line a + b·rows, b = 3 ms / 448 rows, a = 1 ms − 64 b = 0.5714 ms,
    so a + 1797 b = 12.605 ms. Long (12 ms: a large network, numpy cold): the same 64 rows
    again (6 ms) stand for every row, 6 ms × 1797 / 64 = 168.47 ms, without a pass 8× as
    long on the GUI thread."""
    timed = []
    monkeypatch.setattr(jobs, "_timed_pass", lambda s, rows: timed.append(rows) or {
        (64, 1): first_s, (512, 2): 0.004, (64, 2): 0.006}[rows, len(timed)])
    s = bp.StudioModel(StudioConfig(source=DataSource("builtin", "digits"))).stepper
    assert s.batch_size == 1797
    assert jobs.batch_seconds(s) == pytest.approx(batch_s, rel=1e-5)
    assert timed == passes
