"""The fixed colour scale's end: the largest |value| of a quantity over every micro-step of
the current batch so far, checked against watching the stepper one micro-step at a time."""

import numpy as np
import pytest

import bpengine as bp
from bpengine.extents import QUANTITIES, ExtentTracker


def amax(arrays):
    found = [float(np.max(np.abs(a))) for a in arrays if a is not None and a.size]
    return max(found) if found else None


def watched(stepper, n_steps):
    """Step `n_steps` times; after each step the running maxima of what the stepper shows,
    reset when a new batch begins (the oracle: the per-step state, no batch pass)."""
    seen = {}
    batch = stepper.peek().global_batch
    out = []
    for _ in range(n_steps):
        stepper.step()
        if stepper.peek().global_batch != batch:   # the update began the next batch
            batch, seen = stepper.peek().global_batch, {}
        for q in ("a", "z", "delta"):
            now = amax(getattr(stepper, q)[1:])
            if now is not None:
                seen[q] = max(seen.get(q, 0.0), now)
        seen["Delta"] = max(seen.get("Delta", 0.0), amax(stepper.Deltas))
        out.append({"k": stepper.k, **seen, "theta": amax(stepper.thetas),
                    "D": None if stepper.D is None else amax(stepper.D)})
    return out


CASES = {
    "xor 2-2-2-1, the whole batch": (("xor",), [2, 2, 2, 1], ("sigmoid",) * 3, None, False,
                                     "cross_entropy"),
    "iris, batches of 16, shuffled, tanh, squared error": (
        ("iris",), [4, 5, 3], ("tanh", "sigmoid"), 16, True, "mse"),
    "blobs, batches of 1": (("blobs",), [2, 3, 3], ("relu", "sigmoid"), 1, False,
                            "cross_entropy"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_extents_equal_the_running_maxima_of_every_micro_step(name):
    (data,), sizes, acts, batch, shuffle, loss = CASES[name]
    ds = bp.load_builtin(data)
    net = bp.Network.create(sizes, hidden=list(acts[:-1]), output=acts[-1], seed=3)
    make = lambda: bp.Stepper(net, ds.X, ds.Y, alpha=0.5, lam=0.1, batch_size=batch,  # noqa
                              shuffle=shuffle, seed=7, loss=loss)
    n = 3 * make().schedule.batch_steps(0) + 5          # past two updates
    expected = watched(make(), n)
    stepper, tracker = make(), ExtentTracker()
    for want in expected:
        stepper.step()
        assert stepper.k == want["k"]
        for q in QUANTITIES:
            got = tracker.extent(stepper, q)
            if want.get(q) is None:
                assert got is None, (q, want["k"])
            else:
                assert got == pytest.approx(want[q], rel=1e-12, abs=1e-15), (q, want["k"])


def test_extents_after_a_seek_are_those_of_arriving_step_by_step():
    ds = bp.load_builtin("iris")
    net = bp.Network.create([4, 4, 3], seed=1)
    stepper = bp.Stepper(net, ds.X, ds.Y, alpha=1.0, batch_size=32)
    expected = watched(bp.Stepper(net, ds.X, ds.Y, alpha=1.0, batch_size=32), 400)
    tracker = ExtentTracker()
    for k in (399, 17, 250, 1, 0):                      # back and forth, within and across
        stepper.seek(k)
        want = expected[k - 1] if k else None
        for q in ("a", "z", "delta", "Delta"):
            got = tracker.extent(stepper, q)
            if want is None or want.get(q) is None:
                assert got == (0.0 if q == "Delta" else None), (q, k)
            else:
                assert got == pytest.approx(want[q], rel=1e-12), (q, k)


def test_the_xor_scale_at_the_first_forward_step_by_hand():
    """One step in: only a⁽²⁾ of the first example exists; x and the bias are not counted."""
    ds = bp.load_builtin("xor")
    net = bp.Network.create([2, 2, 2, 1], seed=0)
    stepper = bp.Stepper(net, ds.X, ds.Y)
    tracker = ExtentTracker()
    assert tracker.extent(stepper, "a") is None and tracker.extent(stepper, "delta") is None
    assert tracker.extent(stepper, "Delta") == 0.0 and tracker.extent(stepper, "D") is None
    stepper.step()
    z = net.thetas[0] @ np.concatenate(([1.0], ds.X[0]))
    a = 1 / (1 + np.exp(-z))
    assert tracker.extent(stepper, "a") == pytest.approx(np.max(np.abs(a)), rel=1e-15)
    assert tracker.extent(stepper, "z") == pytest.approx(np.max(np.abs(z)), rel=1e-15)
    with pytest.raises(ValueError, match="quantity must be one of"):
        tracker.extent(stepper, "theta2")
