"""bp.gradient_check: backprop's D against central differences, the seed's printed formula,
sampling, running in slices, and the verdict in words."""

import re

import numpy as np
import pytest

import bpengine as bp
from bpengine.check_result import GradientCheckResult
from tests.engine.problems import random_problem

SHAPES = [[3, 2], [2, 3, 2], [3, 4, 3, 2]]
# every activation/loss pair the engine allows: the cross-entropy needs sigmoid outputs
PAIRS = [(hidden, output, loss) for hidden in bp.ACTIVATIONS for loss in bp.LOSSES
         for output in bp.ACTIVATIONS if loss == "mse" or output == "sigmoid"]


def problem(sizes, seed, loss, m=7):
    return random_problem(sizes, seed=seed, m=m, binary_targets=loss == "cross_entropy")


def test_the_pairs_are_all_the_allowed_ones():
    assert len(PAIRS) == 4 * 4 + 4  # mse with any output, cross-entropy with sigmoid only
    thetas, X, Y = problem([2, 2], 0, "cross_entropy")
    with pytest.raises(ValueError, match="sigmoid output"):
        bp.gradient_check(thetas, X, Y, output="tanh", loss="cross_entropy")


@pytest.mark.parametrize("lam", [0.0, 1.0, 10.0])
@pytest.mark.parametrize("hidden,output,loss", PAIRS)
def test_passes_for_every_activation_and_loss(hidden, output, loss, lam):
    for n, sizes in enumerate(SHAPES):
        thetas, X, Y = problem(sizes, n, loss)
        res = bp.gradient_check(thetas, X, Y, lam=lam, hidden=hidden, output=output, loss=loss)
        assert res.passed and res.overall < 1e-7, (sizes, res.overall)
        assert res.n_checked == res.n_weights == sum(t.size for t in thetas)
        assert "The check passes" in res.explanation
        if lam:  # D's λ-term, measured against the numerical gradient, is the cost's (λ/m)Θ
            assert res.lambda_factor == pytest.approx(1.0, abs=1e-4)


@pytest.mark.parametrize("hidden,output,loss", PAIRS)
def test_seed_formula_fails_at_lambda_1_and_passes_at_0(hidden, output, loss):
    for n, sizes in enumerate(SHAPES):
        thetas, X, Y = problem(sizes, 20 + n, loss)
        kw = dict(hidden=hidden, output=output, loss=loss, formula="seed")
        # the independent evidence: the plain central differences of J
        num = bp.numerical_gradient(thetas, X, Y, 1.0, hidden, output, loss, eps=1e-4)
        res = bp.gradient_check(thetas, X, Y, lam=1.0, **kw)
        assert not res.passed and res.overall > 1e-3
        assert bp.relative_difference(res.D, num) > 1e-3
        m = X.shape[0]
        for D, g, theta in zip(res.D, num, thetas):
            # by hand: λΘ − (λ/m)Θ = (1 − 1/7)Θ too much off the bias column, nothing on it
            np.testing.assert_allclose(D[:, 1:] - g[:, 1:], (1 - 1 / m) * theta[:, 1:],
                                       rtol=0, atol=1e-6)
            np.testing.assert_allclose(D[:, 0], g[:, 0], rtol=0, atol=1e-6)
        assert res.lambda_factor == pytest.approx(m, rel=1e-6)
        assert bp.gradient_check(thetas, X, Y, lam=0.0, **kw).passed


def test_numerical_side_equals_plain_central_differences():
    """The check's cached, batched differences against bp.numerical_gradient's plain loop
    of two cost_only calls per weight, at the same ε."""
    shapes = SHAPES + [[2, 3, 3, 2, 3]]
    for n, sizes in enumerate(shapes):
        for hidden, output, loss in PAIRS[::3]:
            thetas, X, Y = problem(sizes, 40 + n, loss, m=11)
            res = bp.gradient_check(thetas, X, Y, 1.0, hidden, output, loss)
            plain = bp.numerical_gradient(thetas, X, Y, 1.0, hidden, output, loss, eps=1e-4)
            assert bp.relative_difference(res.numerical, plain) < 1e-9, (sizes, hidden, loss)


def test_explanation_of_the_printed_formula_says_which_term_and_by_how_much(xor):
    X, Y = xor
    thetas = bp.Network.create([2, 2, 1], seed=0).thetas
    res = bp.gradient_check(thetas, X, Y, lam=1.0, formula="seed")
    text = res.explanation
    assert text.startswith("The check fails")
    assert "D = (1/m)Δ + λΘ" in text and "differentiates to (λ/m)Θ" in text
    assert "m = 4, so D's λ-term is 4× too large" in text
    measured = float(re.search(r"D's λ-term is (\S+)× the cost's", text).group(1))
    assert measured == pytest.approx(4.0, rel=1e-6)  # m = 4 examples
    assert "bias weights (j = 0) are not regularised" in text
    # the worst weights are regularised ones; the bias weights agree
    assert all(j != 0 for _, _, j, *_ in res.worst(6))
    zero = bp.gradient_check(thetas, X, Y, lam=0.0, formula="seed")
    assert zero.passed and "At λ = 0 there is no λ-term and the two agree" in zero.explanation
    one = bp.gradient_check(thetas, X[:1], Y[:1], lam=1.0, formula="seed")
    assert one.passed and "m = 1" in one.explanation


def test_explanation_of_a_failing_corrected_check_names_the_worst_weight():
    thetas, X, Y = problem([2, 3, 1], 5, "mse")
    res = bp.gradient_check(thetas, X, Y, lam=1.0, hidden="relu", loss="mse", eps=0.5)
    assert not res.passed
    l, i, j, D, num, _ = res.worst(1)[0]
    assert f"disagree most at Θ{bp.notation.layer(l)}" in res.explanation
    assert f"D = {D:.6g}, numerical = {num:.6g}" in res.explanation
    assert "ReLU" in res.explanation and "ε = 0.5 is large" in res.explanation


def test_rel_diff_and_overall_by_hand():
    theta = np.zeros((1, 3))
    res = GradientCheckResult(
        D=[np.array([[1.0, 2.0, 1e-12]])], numerical=[np.array([[1.0, 1.0, 0.0]])],
        checked=[np.ones((1, 3), bool)], formula="corrected", lam=0.0, m=3, eps=1e-4, J=0.0,
        thetas=[theta], n_weights=3, seed=0)
    # |2 − 1| / (2 + 1) = 1/3; the third is below τ = 1e-8 · 3 (the largest |D| + |num|)
    np.testing.assert_allclose(res.rel_diff[0], [[0.0, 1 / 3, 1e-12 / 3e-8]], rtol=1e-12)
    assert res.overall == pytest.approx(1 / np.sqrt(4 + 9), rel=1e-12)  # ‖(0, 1)‖ / ‖(2, 3)‖
    assert not res.passed
    assert res.worst(2) == [(1, 1, 1, 2.0, 1.0, pytest.approx(1 / 3)),
                            (1, 1, 2, 1e-12, 0.0, pytest.approx(1e-12 / 3e-8))]
    assert res.lambda_factor is None  # λ = 0


def test_sampled_check_reports_the_same_weights_as_the_full_one():
    thetas, X, Y = problem([3, 5, 4, 2], 7, "cross_entropy")
    full = bp.gradient_check(thetas, X, Y, lam=1.0, weights="all")
    part = bp.gradient_check(thetas, X, Y, lam=1.0, weights=20, seed=3)
    assert full.n_checked == 5 * 4 + 4 * 6 + 2 * 5 and not full.sampled
    assert part.n_checked == 20 and part.sampled and len(set(part.indices)) == 20
    for l, i, j in part.indices:
        assert part.checked[l - 1][i - 1, j]
        for a, b in ((part.numerical, full.numerical), (part.rel_diff, full.rel_diff)):
            assert a[l - 1][i - 1, j] == pytest.approx(b[l - 1][i - 1, j], rel=1e-9, abs=1e-15)
    for num, mask in zip(part.numerical, part.checked):
        assert np.all(np.isnan(num[~mask])) and not np.any(np.isnan(num[mask]))
    pick = lambda arrays: [[arrays[l - 1][i - 1, j] for l, i, j in part.indices]]  # noqa: E731
    assert part.overall == pytest.approx(
        bp.relative_difference(pick(full.D), pick(full.numerical)), rel=1e-9)
    assert part.worst(20)[0][:3] in part.indices
    again = bp.gradient_check(thetas, X, Y, lam=1.0, weights=20, seed=3)
    other = bp.gradient_check(thetas, X, Y, lam=1.0, weights=20, seed=4)
    assert again.indices == part.indices != other.indices


def test_explicit_weights_in_seed_notation():
    thetas, X, Y = problem([2, 3, 2], 8, "cross_entropy")
    full = bp.gradient_check(thetas, X, Y, lam=1.0)
    res = bp.gradient_check(thetas, X, Y, lam=1.0, weights=[(2, 2, 0), (1, 3, 2), (1, 3, 2)])
    assert res.indices == [(1, 3, 2), (2, 2, 0)]  # layer, row, column order; once each
    assert res.numerical[0][2, 2] == pytest.approx(full.numerical[0][2, 2], rel=1e-9)
    assert res.numerical[1][1, 0] == pytest.approx(full.numerical[1][1, 0], rel=1e-9)
    assert "a random sample of 2 of the 17 weights" in res.explanation


def test_auto_checks_all_up_to_2000_weights_and_samples_200_above():
    rng = np.random.default_rng(0)
    small = [rng.normal(0, 0.1, (40, 41)), rng.normal(0, 0.1, (2, 41))]  # 1,722 weights
    big = [rng.normal(0, 0.1, (40, 51)), rng.normal(0, 0.1, (2, 41))]    # 2,122 weights
    Y = np.array([[0.0, 1.0], [1.0, 0.0]])
    res = bp.gradient_check(small, rng.normal(size=(2, 40)), Y, lam=1.0)
    assert res.n_checked == res.n_weights == 1722 and res.passed
    X = rng.normal(size=(2, 50))
    res = bp.gradient_check(big, X, Y, lam=1.0)
    assert (res.n_weights, res.n_checked, res.sampled) == (2122, 200, True) and res.passed
    assert bp.gradient_check(big, X, Y, lam=1.0, weights=None).n_checked == 2122
    assert bp.gradient_check(big, X, Y, lam=1.0, weights="all").n_checked == 2122
    assert bp.gradient_check(small, X[:, :40], Y, weights=5000).n_checked == 1722


def test_runs_in_slices_with_progress_and_cancel():
    thetas, X, Y = problem([3, 4, 3, 2], 9, "cross_entropy")
    whole = bp.gradient_check(thetas, X, Y, lam=1.0)
    check = bp.GradientCheck(thetas, X, Y, lam=1.0)
    assert check.cost_evaluations == 2 * (4 * 4 + 3 * 5 + 2 * 4)  # 2 per weight
    assert check.fraction == 0.0 and not check.done
    with pytest.raises(RuntimeError, match="not finished"):
        check.result()
    steps = check.steps()
    first = [next(steps), next(steps)]
    assert 0 < first[0] < first[1] < 1
    assert check.run(cancelled=lambda: True) is None and not check.done
    seen = []
    res = check.run(progress=seen.append)
    assert seen == sorted(seen) and seen[0] > first[1] and seen[-1] == 1.0
    assert check.done and len(first) + len(seen) == 4 + 3 + 2  # one slice per row of Θ
    for a, b in zip(res.numerical, whole.numerical):
        np.testing.assert_array_equal(a, b)


def test_keeps_its_own_copies_of_the_arrays():
    """A check may run on another thread while the caller trains: changing thetas, X and Y
    after the check started does not change its result."""
    thetas, X, Y = problem([3, 4, 3, 2], 10, "cross_entropy")
    kw = dict(lam=1.0, hidden=["tanh", "relu"])
    want = bp.gradient_check(thetas, X, Y, **kw)
    check = bp.GradientCheck(thetas, X, Y, **kw)
    for a in (*thetas, X, Y):
        a[...] = 0.5
    res = check.run()
    assert res.passed
    for a, b in zip(res.numerical + res.D, want.numerical + want.D):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("change,message", [
    (dict(lam=-1), "regularisation strength λ must be a number ≥ 0, not -1"),
    (dict(lam=float("nan")), "λ must be a number ≥ 0, not nan"),
    (dict(eps=0.0), "step ε of the numerical gradient must be a positive number, not 0.0"),
    (dict(formula="printed"), "formula for D must be 'corrected'"),
    (dict(weights=0), "number of weights to check must be a whole number ≥ 1, not 0"),
    (dict(weights="some"), "must be 'auto', 'all', a number of weights or a list"),
    (dict(weights=[(3, 1, 0)]), r"weight \(3, 1, 0\) does not exist"),
    (dict(weights=[(1, 1, 3)]), r"weight \(1, 1, 3\) does not exist"),
    (dict(weights=[]), "list of weights to check is empty"),
    (dict(seed=-2), "seed of the weight sample must be a whole number ≥ 0, not -2"),
    (dict(X=np.zeros((4, 3))), "inputs X have 3 columns, but the network has 2 input units"),
    (dict(Y=np.zeros((3, 1))), "inputs X have 4 examples but the targets Y have 3"),
    (dict(Y=np.zeros((4, 2))), "targets Y have 2 columns, but the network has 1 output"),
    (dict(X=np.array([[0, 0], [0, np.nan], [1, 0], [1, 1]])), "example 2, column 2"),
    (dict(thetas=[np.zeros((2, 3)), np.zeros((1, 4))]), "Θ⁽²⁾ has 4 columns, but layer 2 "
                                                         "has 2 units, so it needs 3"),
    (dict(thetas=[np.array([[0.0, np.inf, 1.0]])]), "Θ⁽¹⁾ holds inf at row 1, column 1"),
    (dict(thetas=np.zeros((1, 3))), "list of matrices Θ⁽¹⁾"),
])
def test_bad_arguments_are_named(xor, change, message):
    X, Y = xor
    kw = dict(thetas=bp.Network.create([2, 2, 1], seed=0).thetas, X=X, Y=Y) | change
    with pytest.raises(ValueError, match=message):
        bp.gradient_check(**kw)
