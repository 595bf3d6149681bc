"""The public boundary: every batch entry point and the Network check their arguments and
raise ValueError (DataError for X and Y) naming the argument, where it is wrong and how.
One test per case of issue 9; warnings are errors in this suite, so a case that used to
warn (Network.create([0, 0])) fails if it still does."""

import math
import re

import numpy as np
import pytest

import bpengine as bp
from bpengine import backprop

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])


def thetas_221():
    """A 2-2-1 network's weights (seed 0)."""
    return bp.Network.create([2, 2, 1], seed=0).thetas


# the entry points that take (thetas, X, Y); predict and forward take no Y
WITH_Y = {
    "cost_and_gradients": lambda th, X, Y, **kw: bp.cost_and_gradients(th, X, Y, **kw),
    "cost_only": lambda th, X, Y, **kw: bp.cost_only(th, X, Y, **kw),
    "loop_cost_and_gradients": lambda th, X, Y, **kw: bp.loop_cost_and_gradients(th, X, Y, **kw),
    "numerical_gradient": lambda th, X, Y, **kw: bp.numerical_gradient(th, X, Y, **kw),
}
ALL = {**WITH_Y,
       "predict": lambda th, X, Y, **kw: bp.predict(th, X, kw.get("hidden", "sigmoid"),
                                                     kw.get("output", "sigmoid")),
       "forward": lambda th, X, Y, **kw: bp.forward(th, X, ["sigmoid", "sigmoid"])}


@pytest.mark.parametrize("entry", ALL)
def test_no_examples_is_a_data_error_not_a_division_by_zero(entry):
    with pytest.raises(bp.DataError, match=r"^X: there are no examples \(m = 0\)"):
        ALL[entry](thetas_221(), XOR_X[:0], XOR_Y[:0])


@pytest.mark.parametrize("entry", ALL)
@pytest.mark.parametrize("value,word", [(np.nan, "NaN"), (np.inf, "inf"), (-np.inf, "-inf")])
@pytest.mark.parametrize("r,c", [(0, 0), (3, 1)])
def test_a_non_finite_input_is_named_by_row_and_column(entry, value, word, r, c):
    X = XOR_X.copy()
    X[r, c] = value
    want = rf"^X: row {r + 1}, column {c + 1} \(X\[{r}, {c}\]\) is {word}; every input"
    with pytest.raises(bp.DataError, match=want):
        ALL[entry](thetas_221(), X, XOR_Y)


@pytest.mark.parametrize("hidden,x", [("relu", -np.inf), ("sigmoid", np.inf)])
def test_an_infinite_input_is_found_where_its_unit_saturates(hidden, x):
    """The hard case for cost_and_gradients, which finds a bad X in its result: x₁ = ∓inf
    drives the hidden unit to a = 0 (relu) or 1 (sigmoid), so h, J and D⁽²⁾ stay finite
    and g′ = 0 gives δ⁽²⁾ = 0 for that example. Only D⁽¹⁾ = (1/m) Σ δ⁽²⁾ x sees it: 0 · inf
    is NaN."""
    thetas = [np.array([[0.0, 1.0, 1.0]]), np.array([[0.5, -1.0]])]
    X = XOR_X.copy()
    X[2, 0] = x
    with np.errstate(all="ignore"):  # the unchecked computation: it is the hard case
        J, D = backprop._cost_and_gradients(thetas, X, XOR_Y, 0.0, [hidden, "sigmoid"],
                                            "cross_entropy")
    assert np.isfinite(J) and np.isfinite(D[1]).all() and np.isfinite(D[0][:, [0, 2]]).all()
    assert np.isnan(D[0][0, 1])
    with pytest.raises(bp.DataError, match=r"^X: row 3, column 1 \(X\[2, 0\]\) is"):
        bp.cost_and_gradients(thetas, X, XOR_Y, hidden=hidden, loss="cross_entropy")


@pytest.mark.parametrize("entry", WITH_Y)
@pytest.mark.parametrize("value,word", [(np.nan, "NaN"), (np.inf, "inf"), (-np.inf, "-inf")])
def test_a_non_finite_target_is_named(entry, value, word):
    Y = XOR_Y.copy()
    Y[1, 0] = value
    for loss, output in (("cross_entropy", "sigmoid"), ("mse", "linear")):
        with pytest.raises(bp.DataError, match=rf"^Y: row 2, column 1 \(Y\[1, 0\]\) is {word}"):
            WITH_Y[entry](thetas_221(), XOR_X, Y, output=output, loss=loss)


@pytest.mark.parametrize("bad", [2.0, -0.5])
def test_cross_entropy_targets_must_lie_between_0_and_1(bad):
    Y = XOR_Y.copy()
    Y[3, 0] = bad
    with pytest.raises(bp.DataError, match=r"^Y: row 4, column 1 \(Y\[3, 0\]\) is .*between 0 "
                                           r"and 1 \(use the squared error"):
        bp.cost_and_gradients(thetas_221(), XOR_X, Y)
    # the squared error takes any finite target: zero weights and a linear output give
    # h = 0, so J = (1/m) Σ ½ y² = ½ (1 + 1 + bad²) / 4
    zero = [np.zeros((2, 3)), np.zeros((1, 3))]
    J = bp.cost_only(zero, XOR_X, Y, output="linear", loss="mse")
    assert J == pytest.approx(0.5 * (2.0 + bad * bad) / 4, rel=1e-15)


@pytest.mark.parametrize("entry", WITH_Y)
@pytest.mark.parametrize("lam", [np.nan, np.inf, -np.inf, -1, -1e-300])
def test_lambda_must_be_a_finite_number_not_below_0(entry, lam):
    with pytest.raises(ValueError, match=r"^lam: the regularisation λ must be a finite number "
                                         r"≥ 0, not (NaN|-?inf|-1)"):
        WITH_Y[entry](thetas_221(), XOR_X, XOR_Y, lam=lam)


@pytest.mark.parametrize("lam", [True, "1", None, [1.0], 1j])
def test_lambda_must_be_a_number(lam):
    with pytest.raises(ValueError, match=r"^lam: the regularisation λ must be a number, not"):
        bp.cost_and_gradients(thetas_221(), XOR_X, XOR_Y, lam=lam)


def test_lambda_may_be_any_real_number_type():
    """An int, a numpy float32 and a 0-d array all mean λ = 2: J − J(λ = 0) is the lecture's
    λ/(2m) Σ Θ² over the non-bias weights, summed here by hand."""
    th = thetas_221()
    J0 = bp.cost_only(th, XOR_X, XOR_Y)
    reg = 2 / (2 * 4) * sum(float((t[:, 1:] ** 2).sum()) for t in th)
    for lam in (2, np.float32(2.0), np.array(2.0), np.int64(2)):
        assert bp.cost_only(th, XOR_X, XOR_Y, lam=lam) == pytest.approx(J0 + reg, rel=1e-14)


@pytest.mark.parametrize("entry", ALL)
def test_a_non_finite_weight_is_named_in_the_seeds_notation(entry):
    th = thetas_221()
    th[1][0, 2] = np.nan
    want = ("thetas: the weight in row 1, column 3 of Θ⁽²⁾ (Θ₁₂⁽²⁾, thetas[1][0, 2]) is NaN; "
            "every weight must be a finite number")
    with pytest.raises(ValueError, match=f"^{re.escape(want)}$"):
        ALL[entry](th, XOR_X, XOR_Y)


BAD_THETAS = [
    ([np.zeros((2, 3)), np.zeros((3, 4))],
     "Θ⁽²⁾ has shape (3, 4) but layer 2 has 2 units, so it needs (3, 3)"),
    ([np.zeros(3)], "Θ⁽¹⁾ must be a matrix (rows × columns), not a 1-D array of shape (3,)"),
    ([], "the list is empty; a network needs at least Θ⁽¹⁾"),
    ([[[0, 0, 0], [0, 0, 0]], [[[0, 0, 0]]]],
     "Θ⁽²⁾ must be a matrix (rows × columns), not a 3-D array of shape (1, 1, 3)"),
    ([[[0, 0, 0], [0, 0]]], "Θ⁽¹⁾ must be an array of numbers whose rows all have the same"),
    ([np.zeros((0, 3))], "Θ⁽¹⁾ has shape (0, 3); it needs at least one row"),
    ([np.zeros((1, 1))], "Θ⁽¹⁾ has shape (1, 1); it needs at least one row"),
    (np.zeros((1, 3)), "must come as a list, one per layer (a single one as [Θ⁽¹⁾])"),
    ("Θ", "must come as a list"),
    (None, "must come as a list"),
    ([np.zeros((1, 3), dtype=complex)], "Θ⁽¹⁾ must hold real numbers, not complex numbers"),
    ([[["a", "b", "c"]]], "Θ⁽¹⁾ must hold real numbers, not text"),
]


@pytest.mark.parametrize("entry", ALL)
@pytest.mark.parametrize("thetas,message", BAD_THETAS)
def test_weights_that_do_not_chain_are_refused_before_any_product(entry, thetas, message):
    with pytest.raises(ValueError, match="^thetas: (.* )?" + re.escape(message)):
        ALL[entry](thetas, XOR_X, XOR_Y)


@pytest.mark.parametrize("entry", ALL)
def test_X_must_have_one_column_per_input_unit(entry):
    want = ("X: 3 columns, but the input layer has 2 units (Θ⁽¹⁾ has 3 columns: the bias and "
            "one per input), so X needs 2")
    with pytest.raises(bp.DataError, match=f"^{re.escape(want)}$"):
        ALL[entry](thetas_221(), np.zeros((4, 3)), XOR_Y)
    with pytest.raises(bp.DataError, match=r"^X: the inputs must be a table .* not a 1-D array"):
        ALL[entry](thetas_221(), [0.0, 1.0], XOR_Y)
    with pytest.raises(bp.DataError, match=r"^X: the inputs must hold real numbers, not Python"):
        ALL[entry](thetas_221(), [[0.0, None]], XOR_Y[:1])


@pytest.mark.parametrize("entry", WITH_Y)
@pytest.mark.parametrize("Y,message", [
    (XOR_Y[:3], r"^Y: 3 rows, but X has 4; Y needs one row of targets per example$"),
    (np.zeros((4, 2)), r"^Y: 2 columns, but the output layer has 1 unit .* so Y needs 1$"),
    (np.zeros((4, 1, 1)), r"^Y: the targets must be a table .* not a 3-D array"),
    ("0110", r"^Y: the targets must be an array of numbers, not text$"),
])
def test_Y_must_have_one_row_per_example_and_column_per_output(entry, Y, message):
    with pytest.raises(bp.DataError, match=message):
        WITH_Y[entry](thetas_221(), XOR_X, Y)


def test_nested_lists_of_ints_work_and_give_the_hand_computed_result():
    """Θ = 0: a⁽²⁾ = g(0) = ½ and h = ½, so J = −log ½ = log 2 for y = 1; δ⁽³⁾ = h − y = −½,
    D⁽²⁾ = δ⁽³⁾ [1, ½, ½] and δ⁽²⁾ = Θ⁽²⁾ᵀδ⁽³⁾ ⊙ g′ = 0, so D⁽¹⁾ = 0."""
    zero = [[[0, 0, 0], [0, 0, 0]], [[0, 0, 0]]]
    J, D = bp.cost_and_gradients(zero, [[0, 1]], [[1]])
    assert J == pytest.approx(math.log(2), rel=1e-15)
    assert all(d.dtype == np.float64 for d in D)
    np.testing.assert_array_equal(D[0], np.zeros((2, 3)))
    np.testing.assert_allclose(D[1], [[-0.5, -0.25, -0.25]], rtol=1e-15)
    J_loop, _ = bp.loop_cost_and_gradients(zero, [[0, 1]], [1])  # a 1-D Y is a column
    assert J_loop == pytest.approx(math.log(2), rel=1e-15)
    np.testing.assert_allclose(bp.predict(zero, [[0, 1], [1, 1]]), [[0.5], [0.5]], rtol=1e-15)


def test_float32_and_bool_inputs_are_converted_to_float64():
    """Values exact in float32, so the float64 call on the same numbers is the reference."""
    th = [np.array([[0.5, -1.0, 0.25], [-0.5, 2.0, 1.0]]), np.array([[0.125, 1.5, -2.0]])]
    J, D = bp.cost_and_gradients(th, XOR_X, XOR_Y, lam=0.5)
    J32, D32 = bp.cost_and_gradients([t.astype(np.float32) for t in th],
                                     XOR_X.astype(np.float32), XOR_Y.astype(bool), lam=0.5)
    assert J32 == J
    for d32, d in zip(D32, D):
        assert d32.dtype == np.float64
        np.testing.assert_array_equal(d32, d)


@pytest.mark.parametrize("entry", ALL)
def test_an_overflow_raises_instead_of_returning_inf(entry):
    """Finite but huge numbers overflow a linear network (z⁽²⁾ ≈ 1e10 · 1e300): an error,
    never an inf or NaN result, nor a warning."""
    huge = [np.full((2, 3), 1e10), np.full((1, 3), 1e10)]
    X = XOR_X * 1e300
    if entry == "forward":
        call = lambda: bp.forward(huge, X, ["linear", "linear"])  # noqa: E731
    else:
        call = lambda: ALL[entry](huge, X, XOR_Y, hidden="linear", output="linear",  # noqa: E731
                                  loss="mse")
    with pytest.raises(ValueError, match=r"^thetas(, X and Y| and X): .* came out infinite or "
                                         r"NaN from finite numbers: they overflowed \(the "
                                         r"largest \|Θ\| is 1e\+10, the largest \|x\| 1e\+300"):
        call()


@pytest.mark.parametrize("kw,message", [
    (dict(hidden=3), r"^hidden: the hidden activation must be a name"),
    (dict(hidden=None), r"^hidden: the hidden activation must be a name"),
    (dict(hidden=["tanh", "relu"]), r"^hidden: 1 hidden layer needs 1 activation, got 2$"),
    (dict(hidden=[None]), r"^hidden: unknown activation None; choose one of sigmoid, tanh"),
    (dict(output=None), r"^output: unknown activation None"),
    (dict(output="softmax"), r"^output: unknown activation 'softmax'"),
    (dict(loss=None), r"^loss: the loss must be a name, one of cross_entropy, mse, not None$"),
    (dict(loss="hinge"), r"^loss: unknown loss 'hinge'"),
    (dict(output="tanh"), r"^loss: the cross-entropy cost needs a sigmoid output layer"),
])
def test_activation_and_loss_names_are_checked(kw, message):
    for entry in WITH_Y.values():
        with pytest.raises(ValueError, match=message):
            entry(thetas_221(), XOR_X, XOR_Y, **kw)


def test_forward_needs_one_activation_per_weight_matrix():
    with pytest.raises(ValueError, match=r"^acts: 2 weight matrices need 2 activations \(layers "
                                         r"2 … 3\), got 1$"):
        bp.forward(thetas_221(), XOR_X, ["sigmoid"])  # zip used to drop Θ⁽²⁾ silently
    with pytest.raises(ValueError, match=r"^acts: the activations must be a list of 2 names"):
        bp.forward(thetas_221(), XOR_X, "sigmoid")
