"""The batch path reuses its work arrays between calls: what it returns must not be one of
them, and the one cross-entropy formula must be the textbook one."""

import math
import threading

import numpy as np
import pytest

import bpengine as bp
from bpengine import losses, workspace
from tests.engine.problems import random_problem


@pytest.mark.parametrize("hidden", bp.ACTIVATIONS)
def test_successive_calls_return_independent_D(hidden):
    """A second call of the same shapes (so the same work arrays) with other thetas leaves
    the first call's D as it was."""
    thetas, X, Y = random_problem([4, 5, 3, 2], seed=1, m=40)
    other = [2.0 * t[::-1] for t in thetas]
    J1, D1 = bp.cost_and_gradients(thetas, X, Y, lam=1.0, hidden=hidden)
    kept = [d.copy() for d in D1]
    J2, D2 = bp.cost_and_gradients(other, X, Y, lam=1.0, hidden=hidden)
    assert J2 != J1
    for d1, k, d2 in zip(D1, kept, D2):
        np.testing.assert_array_equal(d1, k)
        assert not np.shares_memory(d1, d2)
        assert not np.array_equal(d1, d2)
    # and the first result is still the right one
    J1b, D1b = bp.cost_and_gradients(thetas, X, Y, lam=1.0, hidden=hidden)
    assert J1b == J1
    for d, db in zip(D1, D1b):
        np.testing.assert_array_equal(d, db)


def test_returned_arrays_are_not_work_arrays():
    thetas, X, Y = random_problem([3, 4, 2], seed=2, m=30)
    _, D = bp.cost_and_gradients(thetas, X, Y)
    zs, As = bp.forward(thetas, X, ["sigmoid", "sigmoid"])
    h = bp.predict(thetas, X)
    for ws in workspace._idle:
        for arrs in (ws.zT, ws.aT, ws.dT, [ws._scratch, ws.ones]):
            for w in arrs:
                if w is None:
                    continue
                for r in [*D, *zs[1:], *As[1:], h]:
                    assert not np.shares_memory(w, r)
    # a second forward pass does not overwrite the first one's arrays
    before = [a.copy() for a in As[1:]]
    bp.forward([2.0 * t for t in thetas], X, ["sigmoid", "sigmoid"])
    bp.cost_and_gradients([2.0 * t for t in thetas], X, Y)
    for a, b in zip(As[1:], before):
        np.testing.assert_array_equal(a, b)


def test_work_arrays_kept_are_bounded():
    """However many shapes come along, only the most recent few workspaces are kept."""
    for m in range(1, 12):
        thetas, X, Y = random_problem([3, 4, 2], seed=m, m=m)
        bp.cost_and_gradients(thetas, X, Y)
        bp.cost_only(thetas, X, Y)
    assert len(workspace._idle) <= workspace._KEEP
    assert workspace._idle[-1].key == (11, (3, 4, 2))
    # a workspace above the byte budget is not kept at all
    thetas, X, Y = random_problem([3, 4, 2], seed=0, m=9)
    budget = workspace._KEEP_BYTES
    try:
        workspace._KEEP_BYTES = 1000
        bp.cost_and_gradients(thetas, X, Y)
        assert workspace._idle == []
    finally:
        workspace._KEEP_BYTES = budget


def test_concurrent_calls_do_not_share_work_arrays():
    """Threads calling with the same shapes get the results they would get alone."""
    problems = [random_problem([6, 8, 3], seed=s, m=200) for s in range(4)]
    expected = [bp.cost_and_gradients(*p, lam=0.5) for p in problems]
    errors = []

    def work(k):
        for _ in range(30):
            J, D = bp.cost_and_gradients(*problems[k], lam=0.5)
            if J != expected[k][0] or any(not np.array_equal(a, b)
                                          for a, b in zip(D, expected[k][1])):
                errors.append(k)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def _textbook_cross_entropy(thetas, X, Y):
    """−(1/m) Σ [y log h + (1 − y) log(1 − h)], h from a forward pass written out here."""
    a = X
    for theta in thetas:
        z = np.hstack([np.ones((len(a), 1)), a]) @ theta.T
        a = 1.0 / (1.0 + np.exp(-z))
    return -np.sum(Y * np.log(a) + (1.0 - Y) * np.log(1.0 - a)) / len(X)


@pytest.mark.parametrize("seed", range(5))
def test_cross_entropy_equals_the_textbook_formula(seed):
    """On moderate z (|z| < 10, where the naive formula is accurate) the batch cost, the
    per-example cost and the seed's loop all equal −[y log h + (1 − y) log(1 − h)]."""
    thetas, X, Y = random_problem([4, 6, 3], seed=seed, m=50)
    direct = _textbook_cross_entropy(thetas, X, Y)
    assert bp.cost_and_gradients(thetas, X, Y)[0] == pytest.approx(direct, rel=1e-13, abs=0)
    assert bp.cost_only(thetas, X, Y) == pytest.approx(direct, rel=1e-13, abs=0)
    assert bp.loop_cost_and_gradients(thetas, X, Y)[0] == pytest.approx(direct, rel=1e-13, abs=0)
    # one example at a time, as the Stepper asks for it
    zs, As = bp.forward(thetas, X, ["sigmoid", "sigmoid"])
    for i in range(0, 50, 7):
        h, y = As[-1][i], Y[i]
        naive = -np.sum(y * np.log(h) + (1 - y) * np.log(1 - h))
        assert losses.data_cost(h, zs[-1][i], y, "cross_entropy") == pytest.approx(
            naive, rel=1e-13, abs=0)


def test_cross_entropy_saturated_is_finite_and_exact():
    """|z| = 1e4: the right answer costs about 0, a confidently wrong one about |z|."""
    z = np.array([1e4, -1e4, 1e4, -1e4, 30.0, -30.0])
    y = np.array([1.0, 0.0, 0.0, 1.0, 1.0, 0.0])
    per = [losses.cross_entropy_sum(z[i:i + 1], y[i:i + 1]) for i in range(6)]
    assert per[:4] == [0.0, 0.0, 1e4, 1e4]
    # a right answer's tiny cost log1p(e⁻³⁰) keeps its relative precision: nothing cancels
    assert per[4] == pytest.approx(np.log1p(np.exp(-30.0)), rel=1e-15, abs=0)
    assert per[5] == pytest.approx(np.log1p(np.exp(-30.0)), rel=1e-15, abs=0)
    assert losses.cross_entropy_sum(z, y) == pytest.approx(sum(per), rel=1e-15, abs=0)


def test_sigmoid_matches_its_definition_and_saturates_quietly():
    z = np.linspace(-40, 40, 801)
    # an independent form of the same function: σ(z) = (1 + tanh(z/2)) / 2 (tanh's own
    # rounding differs, hence a few ulps); and e^z/(1 + e^z) in exact-ish math.exp on the
    # far negative tail, where 1 − σ would lose everything: relative precision there too
    np.testing.assert_allclose(bp.activations.sigmoid(z), 0.5 + 0.5 * np.tanh(z / 2),
                               rtol=1e-14, atol=2e-16)   # the tanh form cancels below 0
    for t in (-40.0, -100.0, -700.0):
        assert bp.activations.sigmoid(np.array([t]))[0] == pytest.approx(
            math.exp(t) / (1 + math.exp(t)), rel=1e-14)
    big = np.array([-1e4, -745.0, -709.0, 709.0, 745.0, 1e4])
    g = bp.activations.sigmoid(big)
    assert np.all(np.isfinite(g)) and g[0] == 0.0 and g[-1] == 1.0
    out = np.empty_like(z)
    assert bp.activations.sigmoid(z, out=out) is out
