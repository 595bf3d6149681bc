"""bp.decision_surface against a per-point forward pass, its orientation by hand, and the
plot helpers surface_extent and surface_rect."""

import itertools

import numpy as np
import pytest

import bpengine as bp
from bpengine.seedloop import example_forward
from tests.engine.problems import random_problem


def per_point(thetas, acts, x, y):
    """h_Θ at one point, by the seed's per-example loop (a = [1; a] before each product)."""
    return example_forward(thetas, np.array([x, y]), acts)[1][-1]


@pytest.mark.parametrize("hidden,output", itertools.product(bp.ACTIVATIONS, repeat=2))
def test_equals_a_per_point_forward_pass(hidden, output):
    thetas = random_problem([2, 3, 4, 2], seed=1)[0]
    acts = [hidden, hidden, output]
    xlim, ylim, res = (-2.0, 1.5), (0.5, 3.0), 13
    grid = bp.decision_surface(thetas, acts, xlim, ylim, res)
    assert grid.shape == (res, res, 2) and grid.dtype == np.float64
    for r, c in itertools.product(range(res), repeat=2):
        x = -2.0 + c * 3.5 / 12  # x_c = xlim[0] + c Δx, Δx = (1.5 − (−2)) / (13 − 1)
        y = 0.5 + r * 2.5 / 12   # y_r = ylim[0] + r Δy
        np.testing.assert_allclose(grid[r, c], per_point(thetas, acts, x, y),
                                   rtol=1e-12, atol=1e-12)


def test_orientation_by_hand():
    """h = 0.5 + x + 10 y (one linear unit): rows go up in y, columns go right in x."""
    thetas = [np.array([[0.5, 1.0, 10.0]])]
    grid = bp.decision_surface(thetas, ["linear"], (0, 4), (-1, 1), resolution=5)
    assert grid.shape == (5, 5, 1)
    assert grid[0, 0, 0] == pytest.approx(-9.5)   # (x, y) = (0, −1)
    assert grid[0, 4, 0] == pytest.approx(-5.5)   # (4, −1): last column, first row
    assert grid[4, 0, 0] == pytest.approx(10.5)   # (0, 1): first column, last row
    assert grid[2, 3, 0] == pytest.approx(3.5)    # (3, 0)
    assert grid[1, 2, 0] == pytest.approx(-2.5)   # (2, −0.5)


def test_many_batches_and_repeated_calls_agree_with_the_loop():
    """101² = 10,201 points go in 3 batches of 3,401 (the last one padded); a second network
    shape in between must not disturb the reused work arrays."""
    rng = np.random.default_rng(2)
    a = random_problem([2, 5, 3], seed=3)[0]
    b = random_problem([2, 7, 7, 4], seed=4)[0]
    for thetas, acts in ((a, ["tanh", "sigmoid"]), (b, ["relu", "sigmoid", "linear"]),
                         (a, ["tanh", "sigmoid"])):
        grid = bp.decision_surface(thetas, acts, (-3, 3), (-1, 2), 101)
        cells = [(0, 0), (100, 100), (0, 100), (100, 0), (33, 67)]
        cells += [tuple(rc) for rc in rng.integers(0, 101, size=(60, 2))]
        for r, c in cells:
            want = per_point(thetas, acts, -3 + c * 6 / 100, -1 + r * 3 / 100)
            np.testing.assert_allclose(grid[r, c], want, rtol=1e-12, atol=1e-12)


def test_surface_extent_and_rect_by_hand():
    xlim, ylim = bp.surface_extent(np.array([[0.0, 10.0], [2.0, 20.0], [1.0, 15.0]]))
    assert xlim == pytest.approx((-0.2, 2.2)) and ylim == pytest.approx((9.0, 21.0))
    # a constant column gets a range of max(1, |value|) = 3 around it, then the margin
    xlim, ylim = bp.surface_extent([[3.0, 0.0], [3.0, 1.0]], margin=0.1)
    assert xlim == pytest.approx((1.2, 4.8)) and ylim == pytest.approx((-0.1, 1.1))
    assert bp.surface_extent([[0.0, 0.0]], margin=0) == ((-0.5, 0.5), (-0.5, 0.5))
    # pixel centres on the grid points: Δx = 1, Δy = 0.5 for 5 points on [0, 4] × [−1, 1]
    assert bp.surface_rect((0, 4), (-1, 1), 5) == pytest.approx((-0.5, -1.25, 5.0, 2.5))


@pytest.mark.parametrize("change,message", [
    (dict(resolution=1), "resolution of the decision surface must be a whole number from 2 "
                         "to 2000, not 1"),
    (dict(resolution=2001), "from 2 to 2000, not 2001"),
    (dict(resolution=2.5), "whole number from 2 to 2000, not 2.5"),
    (dict(resolution=True), "whole number from 2 to 2000, not True"),
    (dict(xlim=(1, 1)), "x range must be two finite numbers with low < high, not"),
    (dict(ylim=(0, np.inf)), "y range must be two finite numbers"),
    (dict(xlim="ab"), "x range must be a pair of numbers"),
    (dict(thetas=[np.zeros((2, 4)), np.zeros((1, 3))]), "needs a network with 2 inputs; "
                                                         "this one has 3"),
    (dict(acts=["sigmoid"]), "a network of 3 layers needs 2 activation names"),
    (dict(acts=["sigmoid", "softsign"]), "unknown activation 'softsign'"),
    (dict(thetas=[np.zeros((2, 3)), np.full((1, 3), np.nan)]), "Θ⁽²⁾ holds nan"),
])
def test_bad_arguments_are_named(change, message):
    kw = dict(thetas=[np.zeros((2, 3)), np.zeros((1, 3))], acts=["tanh", "sigmoid"],
              xlim=(0, 1), ylim=(0, 1)) | change
    with pytest.raises(ValueError, match=message):
        bp.decision_surface(**kw)


@pytest.mark.parametrize("X,margin,message", [
    (np.zeros((3, 3)), 0.1, "must have 2 columns"),
    (np.zeros((0, 2)), 0.1, "at least one"),
    ([[0.0, np.nan]], 0.1, "example 1, column 2"),
    (np.zeros((3, 2)), -1, "margin around the data must be a number ≥ 0, not -1"),
])
def test_bad_extent_arguments_are_named(X, margin, message):
    with pytest.raises(ValueError, match=message):
        bp.surface_extent(X, margin)
