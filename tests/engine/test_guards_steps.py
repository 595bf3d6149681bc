"""The textbook step functions (output_error, hidden_errors, accumulate, gradients, cost)
and the gradient check's numerical_gradient / relative_difference check their arguments;
the numerical gradient checks them once, not at each of its 2 × (number of weights) passes."""

import re

import numpy as np
import pytest

import bpengine as bp
from bpengine import validate

X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y = np.array([[0.0], [1.0], [1.0], [0.0]])
ACTS = ["sigmoid", "sigmoid"]


def passes():
    """thetas and the forward pass and δs of a 2-2-1 network on XOR."""
    th = bp.Network.create([2, 2, 1], seed=0).thetas
    zs, As = bp.forward(th, X, ACTS)
    delta_L = bp.output_error(As[-1], zs[-1], Y, "sigmoid", "cross_entropy")
    return th, zs, As, delta_L


def test_the_steps_accept_what_the_previous_step_returns():
    """A check that refuses good input would break the textbook path: run it end to end and
    hold it against cost_and_gradients."""
    th, zs, As, delta_L = passes()
    np.testing.assert_array_equal(delta_L, As[-1] - Y)  # cross-entropy: δ⁽ᴸ⁾ = a⁽ᴸ⁾ − y
    deltas = bp.hidden_errors(th, zs, As, delta_L, ACTS)
    Deltas = bp.accumulate([np.zeros_like(t) for t in th], deltas, As)
    D = bp.gradients(Deltas, th, 4, 1.0)
    J = bp.cost(As[-1], zs[-1], Y, th, 1.0, "cross_entropy")
    J_ref, D_ref = bp.cost_and_gradients(th, X, Y, lam=1.0)
    assert J == pytest.approx(J_ref, rel=1e-13)
    for d, r in zip(D, D_ref):
        np.testing.assert_allclose(d, r, rtol=0, atol=1e-15)


@pytest.mark.parametrize("args,error,message", [
    ((np.zeros((4, 2)), np.zeros((4, 2)), Y), bp.DataError,
     r"^Y: 1 column, but the output layer has 2 units"),
    ((np.zeros((4, 1)), np.zeros((4, 2)), Y), ValueError,
     r"^z_L: z⁽ᴸ⁾ has shape \(4, 2\) but needs \(4, 1\)$"),
    ((np.full((4, 1), np.nan), np.zeros((4, 1)), Y), ValueError,
     r"^a_L: row 1, column 1 \(a_L\[0, 0\]\) is NaN; every activation must be a finite"),
    ((np.zeros((4, 1)), np.zeros((4, 1)), Y * 3), bp.DataError,
     r"^Y: row 2, column 1 \(Y\[1, 0\]\) is 3, but the cross-entropy cost needs targets"),
    ((np.zeros(0), np.zeros(0), np.zeros(0)), ValueError, r"^a_L: a⁽ᴸ⁾ must hold the output"),
    ((np.zeros(2), np.zeros(2), np.zeros(3)), bp.DataError,
     r"^Y: the target y has shape \(3,\) but needs \(2,\)$"),
    ((np.zeros(2), np.zeros(2), np.array([0.0, -1.0])), bp.DataError,
     r"^Y: entry 2 \(Y\[1\]\) is -1, but the cross-entropy cost needs targets between 0"),
])
def test_output_error_checks_shapes_and_values(args, error, message):
    with pytest.raises(error, match=message):
        bp.output_error(*args, "sigmoid", "cross_entropy")


def test_output_error_of_one_example_and_a_1d_target_column():
    """(K,) for one example, as the seed's loop uses it; a 1-D Y against (m, 1) is a column
    (a − y would otherwise broadcast to an (m, m) array)."""
    np.testing.assert_array_equal(bp.output_error(np.array([0.25, 0.75]), np.zeros(2),
                                                  np.array([0.0, 1.0]), "sigmoid", "mse"),
                                  [0.25 * 0.25 * 0.75, -0.25 * 0.75 * 0.25])  # (a − y) a(1 − a)
    a = np.array([[0.25], [0.5]])
    np.testing.assert_array_equal(bp.output_error(a, a, [0.0, 1.0], "linear", "mse"),
                                  [[0.25], [-0.5]])


def test_hidden_errors_checks_the_forward_pass_it_is_given():
    th, zs, As, delta_L = passes()
    with pytest.raises(ValueError, match=r"^As: a network of 3 layers needs a list of 3 arrays"):
        bp.hidden_errors(th, zs, As[:2], delta_L, ACTS)
    with pytest.raises(ValueError, match=re.escape("zs: z⁽²⁾ (zs[1]) has shape (4, 3) but layer "
                                                   "2 has 2 units, so it needs one row per "
                                                   "example and 2 columns: (4, 2)")):
        bp.hidden_errors(th, [None, np.zeros((4, 3)), zs[2]], As, delta_L, ACTS)
    with pytest.raises(ValueError, match=r"^delta_L: δ⁽ᴸ⁾ has shape \(3, 1\) but needs \(4, 1\)$"):
        bp.hidden_errors(th, zs, As, delta_L[:3], ACTS)
    with pytest.raises(ValueError, match=r"^acts: 2 weight matrices need 2 activations"):
        bp.hidden_errors(th, zs, As, delta_L, ["sigmoid"])


def test_accumulate_needs_float64_arrays_it_can_add_to():
    th, zs, As, delta_L = passes()
    deltas = bp.hidden_errors(th, zs, As, delta_L, ACTS)
    for Deltas, what in (([t.tolist() for t in th], "a list"),
                         ([np.zeros((2, 3), np.float32), np.zeros((1, 3))], "an array of float32")):
        with pytest.raises(ValueError, match=rf"^Deltas: Δ⁽¹⁾ is added to in place, so it must "
                                             rf"be a writeable float64 numpy array .* not {what}$"):
            bp.accumulate(Deltas, deltas, As)
    frozen = [np.zeros_like(t) for t in th]
    frozen[1].setflags(write=False)
    with pytest.raises(ValueError, match=r"^Deltas: Δ⁽²⁾ .* not a read-only one$"):
        bp.accumulate(frozen, deltas, As)
    with pytest.raises(ValueError, match=r"^deltas: δ⁽³⁾ \(deltas\[2\]\) has shape \(4, 2\)"):
        bp.accumulate([np.zeros_like(t) for t in th], [None, deltas[1], np.zeros((4, 2))], As)


@pytest.mark.parametrize("m,message", [
    (0, r"^m: the number of examples m must be 1 or more, not 0$"),
    (2.5, r"^m: the number of examples m must be a whole number, not 2.5$"),
    (True, r"^m: the number of examples m must be a whole number, not True$"),
])
def test_gradients_needs_a_whole_number_of_examples(m, message):
    th = [np.ones((2, 3)), np.ones((1, 3))]
    with pytest.raises(ValueError, match=message):
        bp.gradients([np.ones((2, 3)), np.ones((1, 3))], th, m, 0.0)


def test_gradients_by_hand_and_its_other_checks():
    """Δ = 1, Θ = 1, m = 2, λ = 1: D = 1/2 in the bias column, 1/2 + λ/m = 1 elsewhere."""
    th = [np.ones((2, 3)), np.ones((1, 3))]
    D = bp.gradients([np.ones((2, 3)), np.ones((1, 3))], th, np.int64(2), 1)
    for d in D:
        np.testing.assert_array_equal(d, np.where(np.arange(3) == 0, 0.5, 1.0) * np.ones_like(d))
    with pytest.raises(ValueError, match=r"^Deltas: Δ⁽²⁾ has shape \(1, 2\) but layers 2 and 3 "
                                         r"have 2 and 1 units, so it needs \(1, 3\)$"):
        bp.gradients([np.ones((2, 3)), np.ones((1, 2))], th, 2, 0.0)
    with pytest.raises(ValueError, match=r"^lam: the regularisation λ must be a finite number"):
        bp.gradients([np.ones((2, 3)), np.ones((1, 3))], th, 2, -1.0)


def test_cost_checks_its_arguments_and_never_returns_inf():
    th, zs, As, _ = passes()
    with pytest.raises(ValueError, match=r"^a_L: a⁽ᴸ⁾ must hold the output layer's activations, "
                                         r"one row \(of K\) per example, not an array of shape"):
        bp.cost(As[-1][0], zs[-1][0], Y[0], th, 0.0, "cross_entropy")
    with pytest.raises(ValueError, match=r"^a_L: a⁽ᴸ⁾ has 2 columns but the last Θ has 1 row "
                                         r"\(output units\)$"):
        bp.cost(np.zeros((4, 2)), np.zeros((4, 2)), np.zeros((4, 2)), th, 0.0, "mse")
    with pytest.raises(ValueError, match=r"^loss: unknown loss 'hinge'"):
        bp.cost(As[-1], zs[-1], Y, th, 0.0, "hinge")
    huge = np.full((4, 1), 1e200)  # ½ (1e200)² overflows
    with pytest.raises(ValueError, match=r"^a_L: the cost J overflowed: .* 1e\+200\)$"):
        bp.cost(huge, huge, Y, th, 0.0, "mse")


@pytest.mark.parametrize("eps,message", [
    (0, r"^eps: the step ε of the numerical gradient must be a small positive number such as "
        r"1e-5, not 0$"),
    (-1e-4, r"not -0.0001$"), (np.nan, r"not NaN$"), (np.inf, r"not inf$"), (1.0, r"not 1$"),
    ("1e-4", r"^eps: the step ε of the numerical gradient must be a number, not '1e-4'$"),
    (1e-30, r"^eps: ε = 1e-30 is too small to move the weight Θ₁₀⁽¹⁾ = .* \(θ ± ε rounds to θ\)"),
])
def test_numerical_gradient_needs_a_small_positive_step(eps, message):
    th = bp.Network.create([2, 2, 1], seed=0).thetas
    with pytest.raises(ValueError, match=message):
        bp.numerical_gradient(th, X, Y, eps=eps)


def test_the_numerical_gradient_checks_its_arguments_once(monkeypatch):
    """13 weights = 26 forward passes, but one check of (thetas, X, Y, …)."""
    calls = []
    real = validate.problem
    monkeypatch.setattr(validate, "problem", lambda *a, **k: calls.append(1) or real(*a, **k))
    th = bp.Network.create([2, 3, 1], seed=0).thetas
    g = bp.numerical_gradient(th, X, Y)
    assert len(calls) == 1 and sum(t.size for t in g) == 13


@pytest.mark.parametrize("D,num,message", [
    ([np.zeros((1, 2))], [np.zeros((2, 1))], r"^D and num: D\[0\] has shape \(1, 2\) but "
                                             r"num\[0\] has \(2, 1\); they must be the "),
    ([np.zeros(2)], [np.zeros(2), np.zeros(2)], r"^D and num: D has 1 array but num has 2; "),
    ([np.array([0.0, np.nan])], [np.zeros(2)], r"^D: entry 2 \(D\[0\]\[1\]\) is NaN"),
    ([], [], r"^D: the list of gradients is empty$"),
    (np.zeros(2), [np.zeros(2)], r"^D: the gradients must come as a list of arrays"),
])
def test_relative_difference_needs_matching_gradients(D, num, message):
    with pytest.raises(ValueError, match=message):
        bp.relative_difference(D, num)
