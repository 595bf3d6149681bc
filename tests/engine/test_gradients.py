"""D against the numerical gradient, and the seed's loop against the vectorised path."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bpengine as bp
from tests.engine.problems import random_problem

SHAPES = [[3, 2], [2, 3, 2], [3, 4, 3, 2], [2, 3, 3, 2, 3]]  # 2 to 5 layers
CASES = [
    (hidden, output, loss)
    for hidden in bp.ACTIVATIONS
    for loss, output in [("cross_entropy", "sigmoid"), ("mse", "sigmoid"), ("mse", "linear"),
                         ("mse", "tanh")]
]


@pytest.mark.parametrize("lam", [0.0, 1.0, 10.0])
@pytest.mark.parametrize("hidden,output,loss", CASES)
def test_D_matches_numerical_gradient(hidden, output, loss, lam):
    for n, sizes in enumerate(SHAPES):
        thetas, X, Y = random_problem(sizes, seed=n, binary_targets=loss == "cross_entropy")
        kw = dict(lam=lam, hidden=hidden, output=output, loss=loss)
        _, D = bp.cost_and_gradients(thetas, X, Y, **kw)
        num = bp.numerical_gradient(thetas, X, Y, **kw)
        assert bp.relative_difference(D, num) < 1e-7, (sizes, kw)


@pytest.mark.parametrize("lam", [0.0, 1.0, 10.0])
@pytest.mark.parametrize("hidden,output,loss", CASES)
def test_seed_loop_equals_vectorised(hidden, output, loss, lam):
    for n, sizes in enumerate(SHAPES):
        thetas, X, Y = random_problem(sizes, seed=10 + n, m=23)
        kw = dict(lam=lam, hidden=hidden, output=output, loss=loss)
        J, D = bp.cost_and_gradients(thetas, X, Y, **kw)
        J_loop, D_loop = bp.loop_cost_and_gradients(thetas, X, Y, **kw)
        assert abs(J - J_loop) < 1e-12
        for a, b in zip(D, D_loop):
            np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)


def test_per_layer_hidden_activations():
    thetas, X, Y = random_problem([2, 3, 3, 1], seed=3)
    kw = dict(lam=0.5, hidden=["tanh", "relu"], output="sigmoid")
    D = bp.cost_and_gradients(thetas, X, Y, **kw)[1]
    assert bp.relative_difference(D, bp.numerical_gradient(thetas, X, Y, **kw)) < 1e-7
    with pytest.raises(ValueError, match="2 hidden layers need 2 activations"):
        bp.cost_and_gradients(thetas, X, Y, hidden=["tanh"])


def test_cross_entropy_needs_sigmoid_output():
    thetas, X, Y = random_problem([2, 2, 1], seed=0)
    with pytest.raises(ValueError, match="sigmoid output"):
        bp.cost_and_gradients(thetas, X, Y, output="linear", loss="cross_entropy")
    with pytest.raises(ValueError, match="unknown activation 'softsign'"):
        bp.cost_and_gradients(thetas, X, Y, hidden="softsign")
    with pytest.raises(ValueError, match="unknown loss"):
        bp.cost_and_gradients(thetas, X, Y, loss="hinge")


@pytest.mark.parametrize("act", bp.ACTIVATIONS)
def test_saturated_units_stay_finite_without_warnings(act):
    """|z| up to 1e4: no overflow, no log(0), finite J and D (warnings are errors here)."""
    thetas = [np.array([[0.0, 1e4, -1e4], [0.0, -1e4, 1e4]]), np.array([[0.0, 1.0, -1.0]])]
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    Y = np.array([[0.0], [1.0], [1.0]])
    big = [np.array([[0.0, 1e4, -1e4]])]
    for th, hidden in ((thetas, act), (big, act)):
        J, D = bp.cost_and_gradients(th, X, Y, lam=1.0, hidden=hidden)
        assert np.isfinite(J) and all(np.all(np.isfinite(d)) for d in D)
    # a confidently wrong output costs about |z|, not inf
    J, _ = bp.cost_and_gradients(big, np.array([[1.0, 0.0]]), np.array([[0.0]]))
    assert J == pytest.approx(1e4)


@settings(max_examples=40, deadline=None)
@given(sizes=st.lists(st.integers(1, 4), min_size=2, max_size=5),
       m=st.integers(1, 6), seed=st.integers(0, 2**16), lam=st.floats(0, 10))
def test_shapes_and_bias_column_ignore_lambda(sizes, m, seed, lam):
    thetas, X, Y = random_problem(sizes, seed, m=m)
    J0, D0 = bp.cost_and_gradients(thetas, X, Y, lam=0.0)
    J, D = bp.cost_and_gradients(thetas, X, Y, lam=lam)
    assert [d.shape for d in D] == [t.shape for t in thetas]
    assert J >= J0 - 1e-12  # the λ term is never negative
    for d, d0, t in zip(D, D0, thetas):
        np.testing.assert_array_equal(d[:, 0], d0[:, 0])  # bias column: no λ
        np.testing.assert_allclose(d[:, 1:] - d0[:, 1:], lam / m * t[:, 1:], atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**16), hidden=st.sampled_from(bp.ACTIVATIONS))
def test_swapping_two_hidden_units_swaps_their_gradients(seed, hidden):
    """Symmetry: relabelling hidden units permutes rows of D⁽¹⁾ and columns of D⁽²⁾."""
    thetas, X, Y = random_problem([3, 4, 2], seed)
    _, D = bp.cost_and_gradients(thetas, X, Y, lam=1.0, hidden=hidden)
    perm = [1, 0, 2, 3]
    swapped = [thetas[0][perm], thetas[1][:, [0] + [p + 1 for p in perm]]]
    _, Ds = bp.cost_and_gradients(swapped, X, Y, lam=1.0, hidden=hidden)
    np.testing.assert_allclose(Ds[0], D[0][perm], atol=1e-14)
    np.testing.assert_allclose(Ds[1], D[1][:, [0] + [p + 1 for p in perm]], atol=1e-14)


def test_equal_initial_weights_stay_symmetric_which_is_why_init_is_random():
    """The lecture's reason for random init: identical hidden units get identical D rows."""
    thetas = [np.full((3, 3), 0.25), np.full((1, 4), 0.5)]
    X = np.array([[0.0, 1.0], [1.0, 0.5]])
    _, D = bp.cost_and_gradients(thetas, X, np.array([[1.0], [0.0]]))
    for i, j in itertools.combinations(range(3), 2):
        np.testing.assert_allclose(D[0][i], D[0][j], atol=1e-15)
