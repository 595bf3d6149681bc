"""The rewind store: found by bisection, thinned by age, and as small as promised.

Expected values come from outside the code under test: a fresh Stepper replayed forward,
a plain-dict model of the thinning rule, tracemalloc's and sys.getsizeof's count of the
bytes the checkpoints really hold.
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


def room_for(xor, n: int) -> int:
    """checkpoint_bytes that give a 2-2-1 stepper a cap of exactly n checkpoints."""
    return n * xor_stepper(xor)._store.cost


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


def flat(thetas) -> np.ndarray:
    return np.concatenate([np.ravel(t) for t in thetas])


def test_thinning_follows_the_rule(xor):
    for n in (15, 16, 17, 100, 333):
        s = trained(xor, n, checkpoint_bytes=room_for(xor, 16))
        assert s._store.cap == 16
        assert list(s._store.batches) == thinning_model(n, cap=16), n
        assert len(s._store.arrays) == len(s._store) <= 16


def test_seek_restores_the_nearest_checkpoint_before_its_batch(xor):
    """D is not stored, so a seek into batch t restores the nearest kept c < t and trains
    c … t − 1 fast (or stays in its own batch when that is batch t)."""
    model = thinning_model(40, cap=16)
    per_batch = xor_stepper(xor).schedule.batch_steps(0)
    fresh = xor_stepper(xor)
    for k in (40 * per_batch - 1, 33 * per_batch + 3, 26 * per_batch, 26 * per_batch - 1,
              7 * per_batch + 21, 5, 0):
        s = trained(xor, 40, checkpoint_bytes=room_for(xor, 16))  # each seek from afar
        restored = []
        original = s._restore_checkpoint

        def recording(c, flat_theta, original=original, restored=restored):
            restored.append(c)
            original(c, flat_theta)

        s._restore_checkpoint = recording
        s.seek(k)
        fresh.seek(k)
        t = k // per_batch
        assert restored == ([max(b for b in model if b < t)] if t else []), k
        assert_same(state(s), state(fresh))


def test_density_falls_off_with_age_and_far_seeks_replay_little(xor):
    """After 1,000 batches with room for 64 checkpoints, the gaps between the kept batch
    starts never shrink going back in time, and a seek d batches back replays at most
    2 + d/2 batches (the nearest kept start before its batch, then one batch for D)."""
    s = trained(xor, 1000, checkpoint_bytes=room_for(xor, 64))
    kept = list(s._store.batches)
    assert s._store.cap == 64 and kept == thinning_model(1000, cap=64) and len(kept) <= 64
    gaps = [b - a for a, b in zip(kept, kept[1:])]
    assert gaps == sorted(gaps, reverse=True) and gaps[-1] == 1
    for b in range(1, 1000):
        replay = b - max(k for k in kept if k < b)
        assert replay <= 2 + (1000 - b) / 2, b


@pytest.mark.parametrize("n, cap", [(100, 16), (1000, 16), (1000, 64), (3000, 40)])
def test_the_replay_bound_holds_for_every_batch(xor, n, cap):
    """The stated bound: a seek into batch t replays t − c ≤ 2·2^⌊log₂(1 + (n − t + 1)//W)⌋
    batches, c the nearest kept start before t, W the store's window at the end."""
    s = trained(xor, n, checkpoint_bytes=room_for(xor, cap))
    kept, W = list(s._store.batches), s._store.window
    assert len(kept) <= cap and kept == thinning_model(n, cap)
    for t in range(1, n + 1):
        replay = t - max(c for c in kept if c < t)
        assert replay <= 2 * 2 ** math.floor(math.log2(1 + (n - t + 1) // W)), (t, W)


def test_a_replay_behind_the_newest_stores_nothing_and_every_entry_is_exact(xor):
    s = xor_stepper(xor, checkpoint_bytes=room_for(xor, 16))
    for _ in range(60):
        s.next_batch()
    kept = list(s._store.batches)
    per_batch = s.schedule.batch_steps(0)
    s.seek(3 * per_batch + 2)                     # far back, into the sparse old stretch
    for _ in range(12):
        s.next_batch()
    assert list(s._store.batches) == kept
    fresh = xor_stepper(xor)
    for b, stored in s._store.items():            # each holds its batch's Θ, bit for bit
        while fresh.peek().global_batch < b:
            fresh.step()
        assert np.array_equal(stored, flat(fresh.thetas)), b
    for k in (59 * per_batch + 4, 20 * per_batch + 1, 14 * per_batch + 7, 2):
        s.seek(k)
        fresh.seek(k)
        assert_same(state(s), state(fresh))


def test_checkpoints_hold_no_more_memory_than_the_budget(xor):
    """Checkpoints for 20,000 batches of a 2-2-1 net under a 64 KiB budget (~600 rounds of
    thinning), then on until they are as many as the cap allows, the most they ever hold.
    tracemalloc counts the bytes allocated and still held across the loop, which does
    nothing else. The budget must hold, and be used: an estimate a third too high would
    waste a quarter of it."""
    budget = 64 * 2**10
    s = xor_stepper(xor, checkpoint_bytes=budget)
    store, theta = s._store, s._anchor_flat
    if tracemalloc.is_tracing():
        pytest.skip("tracemalloc is already tracing: the count would not start at 0")
    batches = iter(range(1, 10**9))
    gc.collect()
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        for _, b in zip(range(20_000), batches):
            store.extend(b, theta.copy())
        while len(store) < store.cap:
            store.extend(next(batches), theta.copy())
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - start
    finally:
        tracemalloc.stop()
    n = len(store)
    assert n == store.cap and store.batches[0] == 0
    assert held <= budget, f"{n} checkpoints hold {held} B ({held / n:.0f} B each)"
    assert held >= 0.75 * budget, f"{n} checkpoints use only {held} B of {budget} B"
    # the estimate adds malloc's overhead, which RSS shows and tracemalloc does not
    assert held / n <= store.cost <= 1.4 * held / n


def test_a_training_run_stores_what_the_estimate_counts(xor):
    """After real training, each checkpoint is one array owning exactly Σ sizes values in a
    list, its batch number in an array: sys.getsizeof over them stays within the budget."""
    budget = 16 * 2**10
    s = xor_stepper(xor, batch_size=1, checkpoint_bytes=budget)
    while len(s.history_J) < 300 or len(s._store) < s._store.cap:
        s.next_batch()
    store, size = s._store, sys.getsizeof
    held = size(store.batches) + size(store.arrays)
    for a in store.arrays:
        assert a.base is None and a.size == 9 and not a.flags.writeable
        held += size(a)
    assert held <= budget and held <= len(store) * store.cost


@pytest.mark.parametrize("inputs", [64, 400])
def test_the_budget_holds_at_the_largest_network_the_app_allows(inputs):
    """6 hidden layers of 512 units: 1.35 M weights with 64 inputs (digits), 1.52 M with
    400; 10.8 and 12.2 MB a checkpoint. The default 64 MiB keeps 6 and 5 of them, counted
    by sys.getsizeof once more batch starts than that were stored (a training run stores
    them the same way, see above; its gradients would only make this test slow)."""
    sizes = [inputs] + [512] * 6 + [10]
    rng = np.random.default_rng(0)
    X, Y = rng.random((6, inputs)), np.eye(10)[rng.integers(0, 10, 6)]
    s = bp.Stepper(bp.Network.create(sizes, seed=0), X, Y, alpha=0.1, batch_size=2)
    assert s._store.cap == (6 if inputs == 64 else 5)
    for b in range(1, 10):
        s._store.extend(b, s._anchor_flat.copy())
    held = sum(sys.getsizeof(a) for a in s._store.arrays)
    assert 2 <= len(s._store) <= s._store.cap and held <= 64 * 2**20
    assert list(s._store.batches)[0] == 0 and s._store.newest == 9


def test_the_cost_per_checkpoint_grows_with_the_weights(xor):
    """One flat float64 copy of every weight (Θ only) plus a fixed overhead per entry."""
    small = xor_stepper(xor)
    X = np.zeros((4, 20))
    big = bp.Stepper(bp.Network.create([20, 30, 1], seed=0), X, xor[1])
    n_small, n_big = 2 * 3 + 1 * 3, 30 * 21 + 1 * 31
    assert big._store.cost - small._store.cost == 8 * (n_big - n_small)
    assert big._store.cap == 64 * 2**20 // big._store.cost


@pytest.mark.parametrize("cap", [2, 3, 100])
def test_batch_zero_is_always_kept(xor, cap):
    s = xor_stepper(xor, checkpoint_bytes=room_for(xor, cap))
    for _ in range(200):
        s.next_batch()
    assert s._store.batches[0] == 0 and len(s._store) <= cap
    s.seek(3)
    assert s.k == 3 and all(np.array_equal(t, u) for t, u in zip(s.thetas, s.initial))
    s.seek(150 * s.schedule.batch_steps(0) + 5)
    fresh = xor_stepper(xor)
    fresh.seek(s.k)
    assert_same(state(s), state(fresh))
