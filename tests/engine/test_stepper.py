"""The Stepper: the seed's loop one line at a time, forward and back."""

import numpy as np
import pytest

import bpengine as bp
from bpengine import explain
from tests.engine.problems import random_problem


def state(s):
    """Everything a view can read, as plain copies."""
    def cp(xs):
        return [None if x is None else np.array(x) for x in xs]
    return dict(k=s.k, thetas=cp(s.thetas), Deltas=cp(s.Deltas), D=None if s.D is None
                else cp(s.D), a=cp(s.a), z=cp(s.z), delta=cp(s.delta), example=s.example,
                J_sum=s.J_sum, hist=list(s.history_J), acc=list(s.history_acc),
                last=s.last)


def assert_same(x, y):
    assert x.keys() == y.keys()
    for key in x:
        u, v = x[key], y[key]
        if isinstance(u, list) and u and isinstance(u[0], (np.ndarray, type(None))):
            assert len(u) == len(v)
            for p, q in zip(u, v):
                assert (p is None) == (q is None), key
                if p is not None:
                    assert np.array_equal(p, q), key
        else:
            assert u == v, key


def make(batch_size=None, shuffle=False, seed=0, alpha=0.5, lam=0.3, sizes=(2, 3, 2, 1), m=5):
    _, X, Y = random_problem(list(sizes), seed=4, m=m)
    net = bp.Network.create(list(sizes), seed=seed)
    return bp.Stepper(net, X, Y, alpha=alpha, lam=lam, batch_size=batch_size, shuffle=shuffle,
                      seed=seed)


def test_micro_steps_follow_the_seed_order():
    s = make(sizes=(2, 3, 2, 1), m=2)
    kinds = [(st.kind, st.layer) for st in (s.step() for _ in range(2 * 7 + 2))]
    example = [("forward", 2), ("forward", 3), ("forward", 4), ("output_error", 4),
               ("backward", 3), ("backward", 2), ("accumulate", None)]
    assert kinds == example * 2 + [("gradient", None), ("update", None)]
    assert s.schedule.per_epoch == 2 * (2 * 4 - 1) + 2


def test_step_records_say_what_they_touched():
    s = make()
    first = s.step()
    assert first.quantities == ("z⁽²⁾", "a⁽²⁾") and first.edges == (1,)
    s.step(), s.step()
    assert s.step().quantities == ("δ⁽⁴⁾",)
    back = s.step()
    assert back.label == "δ⁽³⁾ = (Θ⁽³⁾)ᵀδ⁽⁴⁾ ⊙ g′(z⁽³⁾)" and back.edges == (3,)
    s.step()
    acc = s.step()
    assert acc.quantities == ("Δ⁽¹⁾", "Δ⁽²⁾", "Δ⁽³⁾") and acc.example == 0


@pytest.mark.parametrize("batch_size,shuffle", [(None, False), (2, True), (1, True)])
def test_every_state_is_reachable_back_and_forth(batch_size, shuffle):
    s = make(batch_size=batch_size, shuffle=shuffle)
    fresh = make(batch_size=batch_size, shuffle=shuffle)
    total = 2 * s.schedule.per_epoch + 3
    snaps = [state(fresh)]
    for _ in range(total):
        fresh.step()
        snaps.append(state(fresh))
    for _ in range(total):
        s.step()
    for k in range(total, -1, -1):  # PageUp all the way back
        assert_same(state(s), snaps[k])
        s.back()
    for k in (7, total, 0, 31, 30, 3):  # and jumps in any order
        s.seek(k)
        assert_same(state(s), snaps[k])


def test_full_batch_gradient_and_update_equal_the_vectorised_path():
    s = make(alpha=0.7, lam=2.0)
    for _ in range(3):  # three full updates, each checked against cost_and_gradients
        before = [np.array(t) for t in s.thetas]
        J, D = bp.cost_and_gradients(before, s.X, s.Y, lam=2.0)
        while s.peek().kind != "gradient":
            s.step()
        s.step()
        assert s.J_batch == pytest.approx(J, abs=1e-12)
        for got, want in zip(s.D, D):
            np.testing.assert_allclose(got, want, atol=1e-12)
        s.step()
        for t, b, d in zip(s.thetas, before, D):
            np.testing.assert_allclose(t, b - 0.7 * d, atol=1e-12)
        assert s.history_J[-1] == pytest.approx(J, abs=1e-12)


def test_accumulated_counts_exactly_the_examples_in_Delta():
    """Micro-step by micro-step through batches of 3 and 2: `accumulated` (the inspector's
    batch_n) is the number of accumulate steps done in the batch, and Δ is the vectorised
    path's n·D (λ = 0) over exactly those n examples. `seen` (cost(i) counted, for J so
    far) is the number of output-error steps: one ahead between those two steps."""
    s = make(batch_size=3, shuffle=True, m=5, lam=0.0)
    acc = out = 0
    ahead = False
    for _ in range(s.schedule.per_epoch + 7):
        st = s.step()
        acc, out = (0, 0) if st.kind == "update" else (acc + (st.kind == "accumulate"),
                                                       out + (st.kind == "output_error"))
        ahead |= out == acc + 1
        assert (s.accumulated, s.seen) == (acc, out), st
        assert explain.weight(s, 1, 2, 1).batch_n == acc
        where = s.peek()                       # after an update: the next batch, Δ = 0
        assert where.pos == acc                # what the inspector once computed instead
        rows = s.order(where.epoch)[3 * where.batch:3 * where.batch + acc]
        want = bp.cost_and_gradients([np.array(t) for t in s.thetas], s.X[rows], s.Y[rows])[1] \
            if acc else [np.zeros_like(t) for t in s.thetas]
        for got, D in zip(s.Deltas, want):
            np.testing.assert_allclose(got, max(acc, 1) * D, atol=1e-12)
    assert ahead
    s.seek(s.schedule.batch_start(1) + 7 + 4)  # batch 2: one example (7 micro-steps for
    # L = 4), then forward 2, 3, 4 and the output error of the second
    assert (s.accumulated, s.seen, s.last.kind) == (1, 2, "output_error")


def test_mini_batches_use_their_own_examples_and_size():
    s = make(batch_size=2, shuffle=True, m=5, lam=1.0)
    assert s.schedule.n_batches == 3 and s.schedule.batch_len(2) == 1
    for b in range(3):
        rows = s.order(0)[2 * b:2 * b + 2]
        J, D = bp.cost_and_gradients([np.array(t) for t in s.thetas], s.X[rows], s.Y[rows],
                                     lam=1.0)
        s.next_batch()
        assert s.history_J[-1] == pytest.approx(J, abs=1e-12)
        for got, want in zip(s.D, D):
            np.testing.assert_allclose(got, want, atol=1e-12)
    assert s.peek().epoch == 1 and len(s.history_J) == 3


def test_shuffled_order_is_fixed_by_the_seed():
    a, b, c = make(shuffle=True, seed=3, m=9), make(shuffle=True, seed=3, m=9), make(
        shuffle=True, seed=4, m=9)
    assert sorted(a.order(0)) == list(range(9))
    assert np.array_equal(a.order(2), b.order(2))
    assert not np.array_equal(a.order(0), a.order(1))
    assert not np.array_equal(a.order(0), c.order(0))
    assert list(make(m=9).order(5)) == list(range(9))


def test_coarse_steps_and_reset():
    s = make(batch_size=2, m=5)
    start = [np.array(t) for t in s.thetas]
    assert s.next_example() == 7 and s.last.kind == "accumulate"
    assert s.next_batch() == 7 + 2 and s.last.kind == "update"
    s.next_epoch()
    assert s.peek().epoch == 1 and s.peek().global_batch == 3
    s.reset()
    assert s.k == 0 and s.last is None and len(s.history_J) == 0
    assert all(np.array_equal(t, u) for t, u in zip(s.thetas, start))


def test_non_finite_values_stop_without_losing_earlier_steps():
    _, X, Y = random_problem([2, 3, 1], seed=1, m=4, binary_targets=False)
    net = bp.Network.create([2, 3, 1], hidden="linear", output="linear", seed=0)
    s = bp.Stepper(net, X * 1e3, Y, alpha=1e10, loss="mse", stop_on_divergence=False)
    with pytest.raises(bp.NonFiniteError, match="infinite or NaN.*α = 1e\\+10") as err:
        for _ in range(10_000):
            before = state(s)          # taken before each step: the failing one's too
            s.step()
    k = s.k
    assert err.value.step == k + 1
    assert_same(state(s), before)      # the failing step changed nothing
    fresh = bp.Stepper(net, X * 1e3, Y, alpha=1e10, loss="mse", stop_on_divergence=False)
    for _ in range(k):
        fresh.step()
    assert_same(state(s), state(fresh))
    s.back()
    assert s.k == k - 1
    s.seek(3)
    assert s.k == 3 and all(np.all(np.isfinite(t)) for t in s.thetas)


def test_a_huge_learning_rate_is_reported_as_divergence(xor):
    net = bp.Network.create([2, 2, 2, 1], seed=0)
    s = bp.Stepper(net, *xor, alpha=100.0)
    with pytest.raises(bp.DivergenceError, match="diverging.*α = 100"):
        for _ in range(1000):
            s.next_batch()
    assert s.peek().kind == "gradient"  # stopped before applying it
    s.back()
    s.seek(0)
    assert s.k == 0


def test_checkpoints_are_thinned_and_seek_stays_exact(xor):
    net = bp.Network.create([2, 2, 1], seed=0)
    cost = bp.Stepper(net, *xor)._store.cost
    s = bp.Stepper(net, *xor, alpha=1.0, checkpoint_bytes=16 * cost)  # room for 16
    fresh = bp.Stepper(net, *xor, alpha=1.0)
    for _ in range(300):
        s.next_batch()
    assert len(s._store) <= 16
    for k in (5, 1234, 3000):
        s.seek(k)
        fresh.seek(k)
        assert_same(state(s), state(fresh))


def test_bad_settings_are_refused(xor):
    net = bp.Network.create([2, 2, 1], seed=0)
    with pytest.raises(ValueError, match="α must be a positive number"):
        bp.Stepper(net, *xor, alpha=0.0)
    with pytest.raises(bp.DataError, match="X have 2 columns, but the network's input "
                       "layer has 3 units"):
        bp.Stepper(bp.Network.create([3, 2, 1]), *xor)
    with pytest.raises(ValueError, match="start at 0"):
        bp.Stepper(net, *xor).seek(-1)
