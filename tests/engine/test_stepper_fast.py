"""Whole batches on the fast path give the states micro-stepping gives, bit for bit.

The reference is always a fresh Stepper moved one micro-step at a time with step() only.
"""

import numpy as np
import pytest

import bpengine as bp
from tests.engine.problems import random_problem
from tests.engine.test_stepper import assert_same, state

SIZES = [3, 4, 3, 2]


def make(batch_size, shuffle, m=11, hidden="sigmoid", output="sigmoid", loss="cross_entropy",
         lam=0.3, alpha=0.8, binary=True):
    _, X, Y = random_problem(SIZES, seed=5, m=m, binary_targets=binary)
    net = bp.Network.create(SIZES, hidden=hidden, output=output, seed=2)
    return bp.Stepper(net, X, Y, alpha=alpha, lam=lam, batch_size=batch_size, shuffle=shuffle,
                      seed=7, loss=loss)


def micro_states(make_one, ks):
    """{k: state} of a fresh stepper stepped one micro-step at a time up to max(ks)."""
    ref, out, want = make_one(), {}, set(ks)
    while ref.k <= max(ks):
        if ref.k in want:
            out[ref.k] = state(ref)
        if ref.k == max(ks):
            break
        ref.step()
    return out


@pytest.mark.parametrize("batch_size, shuffle", [(None, False), (4, True), (1, True)])
def test_fast_training_then_rewind_to_50_random_steps_equals_a_micro_replay(batch_size,
                                                                           shuffle):
    s = make(batch_size, shuffle)
    batches = 6 * s.schedule.n_batches                     # six epochs
    assert s.train(n_batches=batches) == batches
    end = s.k
    rng = np.random.default_rng(11)
    ks = [int(k) for k in rng.choice(end + 1, size=50, replace=False)]
    ref = micro_states(lambda: make(batch_size, shuffle), ks + [end])
    assert_same(state(s), ref[end])
    for k in ks:                                           # in random order: back and forth
        s.seek(k)
        assert_same(state(s), ref[k])


@pytest.mark.parametrize("hidden, output, loss, binary", [
    ("sigmoid", "sigmoid", "cross_entropy", True), ("tanh", "sigmoid", "cross_entropy", True),
    ("relu", "linear", "mse", False), ("linear", "tanh", "mse", False)])
def test_theta_D_and_history_after_every_batch_are_the_same_bits_either_way(hidden, output,
                                                                             loss, binary):
    fast = make(3, True, hidden=hidden, output=output, loss=loss, binary=binary, alpha=0.05)
    micro = make(3, True, hidden=hidden, output=output, loss=loss, binary=binary, alpha=0.05)
    for _ in range(3 * fast.schedule.n_batches):
        fast.next_batch()
        micro.run_until(("update",))                       # step() only
        assert fast.k == micro.k
        for a, b in zip(fast.thetas + fast.D, micro.thetas + micro.D):
            assert np.array_equal(a, b)
    assert list(fast.history_J) == list(micro.history_J)
    assert list(fast.history_acc) == list(micro.history_acc)


def test_the_micro_steps_Delta_agrees_with_the_vectorised_D_to_rounding():
    """The accumulators shown are the seed's per-example loop; D is the vectorised pass's.
    They agree to ~1e-15 relative (different summation order), which is why D is not taken
    from Δ: it would differ in the last bits from the fast path's."""
    s = make(None, False, m=40, lam=0.0)
    worst = 0.0
    for _ in range(5):
        s.run_until(("gradient",))
        n = s.last.pos
        for Delta, D in zip(s.Deltas, s.D):
            np.testing.assert_allclose(Delta / n, D, rtol=1e-12, atol=1e-15)
            worst = max(worst, float(np.max(np.abs(Delta / n - D) / (np.abs(D) + 1e-300))))
        s.step()
    assert worst < 1e-12


def test_the_accuracy_recorded_counts_the_examples_the_micro_steps_got_right():
    """history_acc comes from the vectorised pass; on these non-tied outputs it equals the
    per-example count the micro-steps keep in `correct` (K = 2: argmax)."""
    s = make(4, True)
    for _ in range(2 * s.schedule.n_batches):
        s.run_until(("gradient",))
        counted, n = s.correct, s.last.pos
        s.step()
        assert s.history_acc[-1] == counted / n


def test_next_batch_and_next_epoch_from_the_middle_of_a_batch():
    s = make(4, True)
    ks = []
    ref = make(4, True)
    for _ in range(5):
        ref.step()
    s.seek(5)
    assert s.next_batch() == s.schedule.batch_steps(0) - 5
    ks.append(s.k)
    s.seek(s.k + 3)
    s.next_epoch()
    assert s.peek().epoch == 1 and s.peek().batch == 0 and s.peek().pos == 0
    ks.append(s.k)
    s.seek(s.schedule.per_epoch - 1)                       # just before the last update
    assert s.peek().kind == "update" and s.next_batch() == 1
    refs = micro_states(lambda: make(4, True), ks)
    s.seek(ks[0])
    assert_same(state(s), refs[ks[0]])
    s.seek(ks[1])
    assert_same(state(s), refs[ks[1]])


def test_train_stops_where_it_is_told():
    s = make(2, False)
    assert s.train() == 1 and s.peek().global_batch == 1
    assert s.train(n_batches=3) == 3 and s.peek().global_batch == 4
    assert s.train(until_batch=10) == 6 and s.peek().global_batch == 10
    assert s.train(until_batch=2) == 0                     # already past it
    assert s.train(budget_s=0) == 1                        # a budget still does one batch
    s.seek(s.k + 2)
    assert s.train(n_batches=1) == 1 and s.peek().global_batch == 12 and s.peek().pos == 0


def test_a_forward_seek_starts_from_the_nearest_checkpoint_ahead_of_the_stepper(xor):
    """seek(10) then seek(far): the far one restores the newest checkpoint before its batch
    instead of training every batch from batch 0, and the history in between is shown."""
    net = bp.Network.create([2, 2, 1], seed=0)
    s = bp.Stepper(net, *xor, alpha=1.0)
    s.train(n_batches=400)
    far = s.k - 5
    history = list(s.history_J)
    s.seek(10)
    assert len(s.history_J) == 0
    calls = {"restore": [], "batches": 0}
    restore, fast = s._restore_checkpoint, s._fast_batch

    def counting_restore(c, flat):
        calls["restore"].append(c)
        restore(c, flat)

    def counting_fast():
        calls["batches"] += 1
        fast()

    s._restore_checkpoint, s._fast_batch = counting_restore, counting_fast
    s.seek(far)
    t = s.peek().global_batch
    assert calls["restore"] == [max(b for b in s._store.batches if b < t)]
    assert calls["batches"] <= 2
    assert list(s.history_J) == history[:t]
    fresh = bp.Stepper(net, *xor, alpha=1.0)
    fresh.seek(far)
    assert_same(state(s), state(fresh))


def test_a_failure_on_the_fast_path_is_reported_at_its_micro_step():
    """Linear units and α = 1e10 overflow within a few batches. train() and a stepper that
    only micro-steps stop at the same micro-step with the same message and state."""
    _, X, Y = random_problem([2, 3, 1], seed=1, m=4, binary_targets=False)
    net = bp.Network.create([2, 3, 1], hidden="linear", output="linear", seed=0)

    def one():
        return bp.Stepper(net, X * 1e3, Y, alpha=1e10, loss="mse", stop_on_divergence=False)

    fast, micro = one(), one()
    with pytest.raises(bp.NonFiniteError) as got:
        fast.train(n_batches=1000)
    with pytest.raises(bp.NonFiniteError) as want:
        for _ in range(100_000):
            micro.step()
    assert got.value.step == want.value.step and str(got.value) == str(want.value)
    assert_same(state(fast), state(micro))
    fast.seek(3)                                           # earlier steps stay reachable
    assert fast.k == 3


def test_divergence_on_the_fast_path_stops_before_the_gradient_step(xor):
    net = bp.Network.create([2, 2, 2, 1], seed=0)
    fast, micro = bp.Stepper(net, *xor, alpha=100.0), bp.Stepper(net, *xor, alpha=100.0)
    with pytest.raises(bp.DivergenceError) as got:
        fast.train(n_batches=1000)
    with pytest.raises(bp.DivergenceError) as want:
        for _ in range(100_000):
            micro.step()
    assert got.value.step == want.value.step and str(got.value) == str(want.value)
    assert fast.peek().kind == "gradient"
    assert_same(state(fast), state(micro))


def test_weights_that_a_sigmoid_would_absorb_still_stop_the_fast_path():
    """z⁽²⁾ = 1e308 · 10 overflows in the seed's loop (the micro-step stops), while the
    vectorised sigmoid turns the inf into 1 and its J and D stay finite. The a-priori bound
    sends such a batch to the micro-steps, so train() stops there too."""
    net = bp.Network([1, 1, 1], ["sigmoid", "sigmoid"],
                     [np.array([[0.0, 1e308]]), np.array([[0.0, 1.0]])])
    X, Y = np.array([[10.0], [0.5]]), np.array([[1.0], [0.0]])
    with np.errstate(over="ignore"):
        J, D = bp.cost_and_gradients(list(net.thetas), X, Y)
    assert np.isfinite(J) and all(np.all(np.isfinite(d)) for d in D)
    s = bp.Stepper(net, X, Y)
    with pytest.raises(bp.NonFiniteError, match="z⁽²⁾ became infinite") as err:
        s.train()
    assert err.value.step == 1 and s.k == 0


def test_inside_a_large_batch_a_seek_back_replays_from_the_nearest_mark():
    """A full batch of 60: a mark every 8 examples (marks.py). Micro-stepped to its end,
    then back to random steps inside it: each equals a fresh micro replay, and no seek
    replays more than 8 examples' micro-steps; nor does a PageUp over the update from the
    next batch."""
    s = make(None, False, m=60)
    assert s._mark_every == 8
    per_example = s.schedule.per_example
    end = s.schedule.batch_start(1) - 2                    # before the gradient step
    while s.k < end:
        s.step()
    assert [m[1] for m in s._marks] == list(range(8, 57, 8))
    replayed = []
    step = s._step

    def counting():
        replayed[-1] += 1
        return step()

    s._step = counting
    ks = [int(k) for k in np.random.default_rng(3).choice(end, size=25, replace=False)]
    refs = micro_states(lambda: make(None, False, m=60), ks)
    for k in ks:
        replayed.append(0)
        s.seek(k)
        assert_same(state(s), refs[k])
        assert replayed[-1] < 8 * per_example, k
    s.next_batch()
    assert s._marks == []                                  # batch 1 has none yet
    replayed.append(0)
    s.back()                                               # PageUp over the update
    assert s.k == s.schedule.batch_start(1) - 1 and s.peek().kind == "update"
    assert replayed[-1] < 8 * per_example
    assert_same(state(s), micro_states(lambda: make(None, False, m=60), [s.k])[s.k])
    s.seek(s.schedule.batch_start(2))                      # two batches on: batch 0 is
    assert 0 not in s._previous and s._marks_batch == 2    # forgotten


def test_marks_take_their_share_of_the_checkpoint_budget():
    s = make(None, False, m=60)
    budget = 64 * 2**20
    assert 0 < budget - s._store.budget <= budget // 8
    assert make(4, True)._mark_every is None              # small batches have none


@pytest.mark.parametrize("m, K, ties", [(300, 3, False), (1000, 10, False), (1000, 4, True),
                                        (40, 3, True), (500, 1, False)])
def test_the_vectorised_correct_count_is_argmax_with_its_first_index_rule(m, K, ties):
    """Against np.argmax row by row (and h ≥ 0.5 for one output), ties included: equal
    outputs pick the first class, as the micro-steps' per-example count does."""
    from bpengine.backprop import _count_correct
    rng = np.random.default_rng(m + K)
    h = rng.random((K, m))
    if ties:
        h[:, ::3] = 1.0                                    # saturated columns: all tie
    y = rng.integers(0, K, m)
    if K == 1:
        want = sum(int((h[0, i] >= 0.5) == (y[i] >= 0.5)) for i in range(m))
        assert _count_correct(h, y >= 0.5) == want
    else:
        want = sum(int(np.argmax(h[:, i]) == y[i]) for i in range(m))
        assert _count_correct(np.ascontiguousarray(h), y) == want


def test_a_batch_entered_from_a_checkpoint_is_not_kept_with_an_unknown_D():
    """Restoring checkpoint c enters c without its D and trains it at once; c must not then
    be kept as "the batch before" (its start D unknown): seeking back into it replays."""
    s = make(None, False, m=60)
    s.train(n_batches=10)
    for k in (s.schedule.batch_start(3) + 9, s.schedule.batch_start(2) + 9,
              s.schedule.batch_start(2) + 2, s.schedule.batch_start(4) + 1):
        s.seek(k)
        assert_same(state(s), micro_states(lambda: make(None, False, m=60), [k])[k])
