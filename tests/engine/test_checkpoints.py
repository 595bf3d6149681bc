"""The Stepper's checkpoints: found by bisection, thinned by age, and as small as promised.

Expected values come from outside the code under test: a fresh Stepper replayed forward,
a plain-dict model of the thinning rule, and tracemalloc's count of the bytes the
checkpoints really hold.
"""

import gc
import math
import sys
import tracemalloc

import numpy as np
import pytest

import bpengine as bp
from tests.engine.test_stepper import assert_same, state


def xor_stepper(xor, **kw):
    return bp.Stepper(bp.Network.create([2, 2, 1], seed=0), *xor, alpha=1.0, **kw)


def thinning_model(n_batches: int, cap: int) -> list[int]:
    """The rule as the docstring states it, on a dict: a checkpoint per batch start; over
    the cap, keep b when b % 2**floor(log2(1 + (newest - b) // W)) == 0, halving W (from
    cap // 2) while more than 3/4 of the cap would stay."""
    kept, window = {0: None}, max(1, cap // 2)
    for b in range(1, n_batches + 1):
        kept[b] = None
        if len(kept) <= cap:
            continue
        while True:
            stay = [key for key in sorted(kept)
                    if key % 2 ** math.floor(math.log2(1 + (b - key) // window)) == 0]
            if len(stay) <= 3 * cap // 4 or window == 1:
                break
            window //= 2
        kept = dict.fromkeys(stay)
    return sorted(kept)


def trained(xor, batches: int, **kw) -> bp.Stepper:
    s = xor_stepper(xor, **kw)
    for _ in range(batches):
        s.next_batch()
    return s


def test_thinning_follows_the_rule(xor):
    for n in (15, 16, 17, 100, 333):
        s = trained(xor, n, checkpoint_bytes=1)               # the minimum cap, 16
        assert s._batches == thinning_model(n, cap=16), n
        assert len(s._checkpoints) == len(s._batches) <= 16


def test_seek_restores_the_nearest_checkpoint_at_or_before_it(xor):
    model = thinning_model(40, cap=16)
    per_batch = xor_stepper(xor).schedule.batch_steps(0)
    fresh = xor_stepper(xor)
    for k in (40 * per_batch - 1, 33 * per_batch + 3, 26 * per_batch, 26 * per_batch - 1,
              7 * per_batch + 21, 5, 0):
        s = trained(xor, 40, checkpoint_bytes=1)    # each seek from the same far point
        restored = []
        original = s._restore_batch

        def recording(global_batch, thetas, D, original=original, restored=restored):
            restored.append(global_batch)
            original(global_batch, thetas, D)

        s._restore_batch = recording
        s.seek(k)
        fresh.seek(k)
        assert restored[0] == max(b for b in model if b <= k // per_batch), k
        assert_same(state(s), state(fresh))


def test_density_falls_off_with_age_and_far_seeks_replay_little(xor):
    """After 1,000 batches with room for 64 checkpoints, the gaps between the kept batch
    starts never shrink going back in time, and a seek d batches back replays at most
    1 + d/2 batches (the old rule, which halved the older half on every thinning, kept
    only batch 0 and the last ~50 batches: a seek to batch 500 replayed 500 batches)."""
    cost = xor_stepper(xor)._checkpoint_cost()
    s = trained(xor, 1000, checkpoint_bytes=64 * cost)
    kept = s._batches
    assert s._cap == 64 and kept == thinning_model(1000, cap=64) and len(kept) <= 64
    gaps = [b - a for a, b in zip(kept, kept[1:])]
    assert gaps == sorted(gaps, reverse=True) and gaps[-1] == 1
    for b in range(1000):
        replay = b - max(k for k in kept if k <= b)
        assert replay <= 1 + (1000 - b) / 2, b


def test_replay_through_a_thinned_stretch_refills_it_in_order(xor):
    s = xor_stepper(xor, checkpoint_bytes=1)
    for _ in range(60):
        s.next_batch()
    per_batch = s.schedule.batch_steps(0)
    s.seek(3 * per_batch + 2)                     # far back, into the sparse old stretch
    for _ in range(12):                           # replay saves checkpoints in the middle
        s.next_batch()
    assert s._batches == sorted(set(s._batches)) and s._batches[0] == 0
    assert len(s._batches) == len(s._checkpoints) <= 16
    fresh = xor_stepper(xor)
    for b, (flat_t, flat_d) in zip(s._batches, s._checkpoints):   # each holds its batch's Θ
        while fresh.peek().global_batch < b:
            fresh.next_batch()
        assert np.array_equal(flat_t, np.concatenate([t.ravel() for t in fresh.thetas])), b
        assert (flat_d is None) == (b == 0)
    for k in (59 * per_batch + 4, 20 * per_batch + 1, 14 * per_batch + 7, 2):
        s.seek(k)
        fresh.seek(k)
        assert_same(state(s), state(fresh))


def test_checkpoints_hold_no_more_memory_than_checkpoint_bytes(xor):
    """Checkpoints for 20,000 batches of a 2-2-1 net under a 64 KiB budget (~600 rounds of
    thinning), then on until they are as many as the cap allows, the most they ever hold.
    tracemalloc counts the bytes allocated and still held across the loop, which does
    nothing else (during a training run the step's own caches and free lists would blur
    the count by kilobytes). The budget must hold, and be used: an estimate a third too
    high would waste a quarter of it."""
    budget = 64 * 2**10
    s = xor_stepper(xor, checkpoint_bytes=budget)
    s.next_batch()                                      # D exists: full-size checkpoints
    if tracemalloc.is_tracing():
        pytest.skip("tracemalloc is already tracing: the count would not start at 0")
    batches = iter(range(2, 10**9))
    gc.collect()
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        for _, b in zip(range(20_000), batches):
            s._save_checkpoint(b)
        while len(s._checkpoints) < s._cap:
            s._save_checkpoint(next(batches))
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - start
    finally:
        tracemalloc.stop()
    n = len(s._checkpoints)
    assert n == s._cap and s._batches[0] == 0
    assert held <= budget, f"{n} checkpoints hold {held} B ({held / n:.0f} B each)"
    assert held >= 0.75 * budget, f"{n} checkpoints use only {held} B of {budget} B"
    # the estimate adds malloc's overhead, which RSS shows and tracemalloc does not
    assert held / n <= s._checkpoint_cost() <= 1.3 * held / n


def test_a_training_run_stores_what_the_estimate_counts(xor):
    """After real training, each checkpoint is two arrays owning exactly Σ sizes values, a
    tuple and an int, in two lists: sys.getsizeof over them stays within the estimate."""
    budget = 16 * 2**10
    s = xor_stepper(xor, batch_size=1, checkpoint_bytes=budget)
    while len(s.history_J) < 300 or len(s._checkpoints) < s._cap:
        s.next_batch()
    size = sys.getsizeof
    held = size(s._batches) + size(s._checkpoints) + sum(size(b) for b in s._batches if b > 256)
    for flat_t, flat_d in s._checkpoints:
        arrays = [flat_t] + ([] if flat_d is None else [flat_d])
        assert all(a.base is None and a.size == 9 for a in arrays)
        held += size((flat_t, flat_d)) + sum(size(a) for a in arrays)
    assert held <= budget and held <= len(s._checkpoints) * s._checkpoint_cost()


def test_the_cost_per_checkpoint_grows_with_the_weights(xor):
    """Two flat float64 copies of every weight (Θ and D) plus a fixed overhead per entry."""
    small = xor_stepper(xor)
    X = np.zeros((4, 20))
    big = bp.Stepper(bp.Network.create([20, 30, 1], seed=0), X, xor[1])
    n_small, n_big = 2 * 3 + 1 * 3, 30 * 21 + 1 * 31
    assert big._checkpoint_cost() - small._checkpoint_cost() == 2 * 8 * (n_big - n_small)
    assert big._cap == max(16, 32 * 2**20 // big._checkpoint_cost())


@pytest.mark.parametrize("cap_bytes", [1, 10_000])
def test_batch_zero_is_always_kept(xor, cap_bytes):
    s = xor_stepper(xor, checkpoint_bytes=cap_bytes)
    for _ in range(200):
        s.next_batch()
    assert s._batches[0] == 0 and s._checkpoints[0][1] is None
    s.seek(3)
    assert s.k == 3 and all(np.array_equal(t, u) for t, u in zip(s.thetas, s.initial))
