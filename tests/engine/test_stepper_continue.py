"""A Stepper that continues another part-way (start_batch) and one restored from stored
pieces (restore_position) reach the same states as the original run, bit for bit."""

import numpy as np
import pytest

import bpengine as bp
from tests.engine.problems import random_problem
from tests.engine.test_stepper import assert_same, state

SIZES = [2, 3, 2, 1]


def run(batch_size, shuffle, m=7):
    _, X, Y = random_problem(SIZES, seed=4, m=m)
    net = bp.Network.create(SIZES, seed=1)
    kw = dict(alpha=0.5, lam=0.3, batch_size=batch_size, shuffle=shuffle, seed=1)
    return net, X, Y, kw


@pytest.mark.parametrize("batch_size, shuffle", [(None, False), (3, True), (1, False)])
def test_a_continuing_stepper_matches_the_original_run(batch_size, shuffle):
    net, X, Y, kw = run(batch_size, shuffle)
    original = bp.Stepper(net, X, Y, **kw)
    for _ in range(5):
        original.next_batch()
    B = original.peek().global_batch
    cont = bp.Stepper(bp.Network(SIZES, net.acts, list(original.thetas)), X, Y,
                      start_batch=B, initial_D=original.D, **kw)
    assert cont.k == cont.k0 == original.k and cont.last is None
    for _ in range(130):
        original.step()
        cont.step()
    a, b = state(original), state(cont)
    assert len(b["hist"]) >= 2
    assert a["hist"][B:] == b["hist"] and a["acc"][B:] == b["acc"]
    for key in ("hist", "acc"):
        a.pop(key), b.pop(key)
    assert_same(a, b)


def test_a_continuing_stepper_refuses_steps_before_its_start():
    net, X, Y, kw = run(None, False)
    s = bp.Stepper(net, X, Y, start_batch=2, **kw)
    with pytest.raises(ValueError, match="before this stepper's first step"):
        s.seek(s.k0 - 1)
    s.step()
    s.back()
    assert s.k == s.k0
    with pytest.raises(ValueError, match="whole number"):
        bp.Stepper(net, X, Y, start_batch=1.5, **kw)


@pytest.mark.parametrize("batch_size, shuffle", [(None, False), (2, True)])
def test_restore_position_reproduces_the_run_and_its_past(batch_size, shuffle):
    net, X, Y, kw = run(batch_size, shuffle)
    original = bp.Stepper(net, X, Y, **kw)
    for _ in range(6):
        original.next_batch()
    for _ in range(3):
        original.step()
    k = original.k
    B = original.peek().global_batch
    saved = [c for c in original.checkpoint_list() if c[0] < B]
    start = original.schedule.batch_start(B)
    original.seek(start)
    thetas, D = list(original.thetas), original.D
    hist, acc = list(original.history_J), list(original.history_acc)
    original.seek(k)
    restored = bp.Stepper(net, X, Y, **kw)
    restored.restore_position(B, thetas, D, hist, acc, checkpoints=saved[1:2])
    restored.seek(k)
    assert_same(state(original), state(restored))
    for target in (k - 1, start - 1, 3, 0):    # back into the run before the stored batch
        original.seek(target)
        restored.seek(target)
        assert_same(state(original), state(restored))


def test_restore_position_refuses_pieces_that_do_not_fit():
    net, X, Y, kw = run(None, False)
    s = bp.Stepper(net, X, Y, **kw)
    with pytest.raises(ValueError, match="needs 2 recorded costs"):
        s.restore_position(2, net.thetas, None, [1.0], [0.5])
    with pytest.raises(ValueError, match="do not fit"):
        s.restore_position(1, [np.zeros((3, 3))], None, [1.0], [0.5])
    bad = [t.copy() for t in net.thetas]
    bad[0][0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        s.restore_position(1, bad, None, [1.0], [0.5])
    # a stored batch start among good ones, with an infinity in its second layer: named
    good = [t.copy() for t in net.thetas]
    worse = [t.copy() for t in net.thetas]
    worse[1][0, -1] = np.inf
    with pytest.raises(ValueError, match="stored weights Θ: the matrix for layer 2 holds"):
        s.restore_position(3, good, None, [1.0] * 3, [0.5] * 3,
                           checkpoints=[(1, good, None), (2, worse, None)])
    with pytest.raises(ValueError, match="finite numbers"):
        s.restore_position(1, good, None, [np.inf], [0.5])
    assert s.k == 0    # a refused restore leaves the stepper where it was


@pytest.mark.parametrize("batch_size, shuffle", [(None, False), (3, True)])
def test_batch_start_weights_are_those_a_fresh_run_has_at_the_batch_start(batch_size,
                                                                         shuffle):
    """At every step of a batch, also after its gradient step, they are Θ and D of a fresh
    stepper standing at that batch's start; restoring from them reproduces the step."""
    net, X, Y, kw = run(batch_size, shuffle)
    s = bp.Stepper(net, X, Y, **kw)
    s.train(n_batches=4)
    start = s.k
    for _ in range(s.schedule.batch_steps(s.peek().batch) - 1):     # up to the update
        s.step()
        thetas, D = s.batch_start_weights()
        fresh = bp.Stepper(net, X, Y, **kw)
        fresh.seek(start)
        assert all(np.array_equal(a, b) for a, b in zip(thetas + D, fresh.thetas + fresh.D))
    restored = bp.Stepper(net, X, Y, **kw)
    B = s.peek().global_batch
    restored.restore_position(B, thetas, D, list(s.history_J), list(s.history_acc))
    restored.seek(s.k)
    assert_same(state(restored), state(s))
