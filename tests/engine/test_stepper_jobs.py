"""Long jumps in slices: each slice leaves a state a fresh replay reproduces, cancel stops
at a batch boundary, progress only grows, and a worker thread can run one."""

import threading

import numpy as np
import pytest

import bpengine as bp
from tests.engine.problems import random_problem
from tests.engine.test_stepper import assert_same, state
from tests.engine.test_stepper_fast import micro_states

SIZES = [2, 3, 2]


def make(batch_size=3, shuffle=True, m=10, **kw):
    _, X, Y = random_problem(SIZES, seed=3, m=m)
    net = bp.Network.create(SIZES, seed=1)
    return bp.Stepper(net, X, Y, alpha=0.7, lam=0.1, batch_size=batch_size, shuffle=shuffle,
                      seed=2, **kw)


def test_a_jump_in_zero_budget_slices_does_one_unit_each_and_matches_a_replay():
    """run(0) does exactly one unit: a whole batch while it trains fast, then one
    micro-step; every slice leaves a state a fresh micro-stepped stepper reproduces."""
    s = make()
    target = 9 * s.schedule.per_epoch // 2 + 7           # mid-batch, several epochs on
    job = s.jump(target)
    assert not job.done and job.status.fraction == 0.0 and job.status.seconds_left > 0
    seen, fractions = [s.k], [0.0]
    while not job.done:
        status = job.run(0)
        seen.append(s.k)
        fractions.append(status.fraction)
    assert s.k == target and job.status.fraction == 1.0 and not job.status.cancelled
    assert fractions == sorted(fractions)                  # progress never goes back
    boundaries = [k for k in seen
                  if k == s.schedule.batch_start(s.schedule.locate(k).global_batch)]
    t = s.schedule.locate(target).global_batch
    assert len(boundaries) == t + 1                        # one slice per whole batch
    assert seen[len(boundaries):] == list(range(seen[len(boundaries) - 1] + 1, target + 1))
    refs = micro_states(make, seen)
    for k in (seen[3], seen[-2], target):
        s.seek(k)
        assert_same(state(s), refs[k])


def test_cancel_during_a_long_jump_leaves_a_batch_boundary_a_replay_reproduces():
    s = make()
    s.seek(4)
    job = s.jump(40 * s.schedule.per_epoch)
    for _ in range(7):
        job.run(0)
    job.cancel()
    status = job.run(0)                      # the unit under way finishes, then it stops
    assert status.done and status.cancelled and status.fraction < 1.0
    where = s.peek()
    assert where.pos == 0 and where.kind == "forward" and s.k == s.schedule.batch_start(
        where.global_batch)
    assert job.run(1.0) is status            # a finished job does nothing more
    ref = micro_states(make, [s.k])[s.k]
    assert_same(state(s), ref)


def test_a_backward_jump_and_one_whose_stepper_moved_between_slices():
    s = make()
    s.train(n_batches=30)
    target = 2 * s.schedule.per_epoch + 9
    back = s.jump(target)
    back.run(0)                              # restored a checkpoint and trained one batch
    assert not back.done and s.k < target
    s.seek(3)                                # someone moved the stepper: the job re-plans
    while not back.done:
        back.run(0.001)
    assert s.k == target
    assert_same(state(s), micro_states(make, [target])[target])


def test_a_jump_to_where_the_stepper_stands_is_done_at_once():
    s = make()
    s.seek(12)
    job = s.jump(12)
    assert job.done and job.status.fraction == 1.0 and job.status.seconds_left == 0.0


def test_a_halt_inside_a_job_raises_and_says_so_in_the_status(xor):
    s = bp.Stepper(bp.Network.create([2, 2, 2, 1], seed=0), *xor, alpha=100.0)
    job = s.jump(10**6)
    with pytest.raises(bp.DivergenceError):
        while not job.done:
            job.run(0.01)
    assert job.done and isinstance(job.status.halted, bp.DivergenceError)
    assert s.peek().kind == "gradient"


def test_a_job_on_a_worker_thread_can_be_watched_and_cancelled():
    """The worker runs the jump to the end (run(None)); the main thread reads only the
    published status until it sees progress, then cancels. The stepper stops at a batch
    boundary that a fresh stepper trained fast to the same batch reproduces (test above:
    fast training equals micro-stepping bit for bit)."""
    s = make(batch_size=1, m=40)
    job = s.jump(s.schedule.batch_start(10**6))
    seen = threading.Event()
    worker = threading.Thread(target=job.run, args=(None,))
    worker.start()
    try:
        for _ in range(2000):                # up to ~20 s on a slow machine
            if job.status.k > 0:
                seen.set()
                break
            threading.Event().wait(0.01)
    finally:
        job.cancel()
        worker.join()
    assert seen.is_set() and job.status.done and job.status.cancelled
    where = s.peek()
    assert where.pos == 0 and where.kind == "forward"
    fresh = make(batch_size=1, m=40)
    fresh.train(until_batch=where.global_batch)
    assert_same(state(s), state(fresh))
    assert np.isfinite(job.status.seconds_left)
    assert job.status.batch == where.global_batch and job.status.J == s.history_J[-1]


def test_a_job_whose_stepper_moved_before_its_first_slice_plans_again():
    """Planned as "train on from here" (no checkpoint lies ahead), then the stepper is sent
    past the target before the job runs: the job must plan again and come back."""
    s = make()
    target = s.schedule.batch_start(5) + 7
    job = s.jump(target)
    s.seek(s.schedule.batch_start(8) + 3)
    while not job.done:
        job.run(0.01)
    assert s.k == target
    assert_same(state(s), micro_states(make, [target])[target])
