"""Issue 9: the Stepper refuses bad data and bad settings at once, in words."""

import numpy as np
import pytest

import bpengine as bp

NET = bp.Network.create([2, 2, 1], seed=0)


def xor_stepper(X=None, Y=None, **kw):
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]) if X is None else X
    Y = np.array([[0.0], [1.0], [1.0], [0.0]]) if Y is None else Y
    return bp.Stepper(NET, X, Y, **kw)


@pytest.mark.parametrize("bad, where", [(np.nan, "row 2, column 1"), (np.inf, "row 2"),
                                        (-np.inf, "column 1")])
def test_nan_or_inf_in_X_or_Y_is_refused_with_its_place(bad, where):
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    X[1, 0] = bad
    with pytest.raises(bp.DataError, match=f"inputs X hold {bad}.*{where}"):
        xor_stepper(X=X)
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    Y[1, 0] = bad
    with pytest.raises(bp.DataError, match=f"targets Y hold {bad}.*{where}"):
        xor_stepper(Y=Y)


@pytest.mark.parametrize("X, Y, message", [
    (np.zeros((4, 2)), np.zeros((5, 1)), "X have 4 rows but the targets Y have 5"),
    (np.zeros((4, 2)), np.zeros((3, 1)), "X have 4 rows but the targets Y have 3"),
    (np.zeros(4), np.zeros((4, 1)), "table of m rows .* got an array of shape \\(4,\\)"),
    (np.zeros((4, 2)), np.zeros((4, 1, 1)), "Y must be a table .* shape \\(4, 1, 1\\)"),
    (np.zeros((0, 2)), np.zeros((0, 1)), "no rows"),
    (np.zeros((4, 3)), np.zeros((4, 1)), "3 columns, but the network's input layer has 2"),
    (np.zeros((4, 2)), np.zeros((4, 2)), "2 columns, but the network's output layer has 1"),
    ([["a", "b"]] * 4, np.zeros((4, 1)), "X must be a table of numbers")])
def test_data_of_the_wrong_shape_is_refused_at_once(X, Y, message):
    with pytest.raises(bp.DataError, match=message):
        xor_stepper(X=X, Y=Y)


@pytest.mark.parametrize("value", [0, -1, 2.5, 3.0, True, "3", np.nan])
def test_a_batch_size_must_be_a_whole_number_of_at_least_one(value):
    with pytest.raises(ValueError, match="the batch size must be a whole number ≥ 1"):
        xor_stepper(batch_size=value)


def test_a_batch_size_beyond_m_means_the_full_batch():
    assert xor_stepper(batch_size=100).batch_size == 4
    assert xor_stepper(batch_size=np.int64(2)).batch_size == 2


@pytest.mark.parametrize("name, words, values", [
    ("alpha", "the learning rate α must be a positive number", [0, -1, np.nan, np.inf, True,
                                                                "1", None]),
    ("lam", "the regularisation λ must be a number ≥ 0", [-1e-9, np.nan, np.inf, False,
                                                            "0"])])
def test_alpha_and_lambda_are_checked_in_words(name, words, values):
    for value in values:
        with pytest.raises(ValueError, match=words):
            xor_stepper(**{name: value})


@pytest.mark.parametrize("k", [3.7, 3.0, np.float64(3), np.nan, "3", True, None, -2])
def test_seek_and_jump_refuse_anything_but_a_whole_step_number(k):
    s = xor_stepper()
    with pytest.raises(ValueError, match="step number|start at 0"):
        s.seek(k)
    with pytest.raises(ValueError, match="step number|start at 0"):
        s.jump(k)
    assert s.k == 0
    s.seek(np.int64(3))
    assert s.k == 3


@pytest.mark.parametrize("kw, words", [
    (dict(n_batches=1.5), "number of batches"), (dict(n_batches=True), "number of batches"),
    (dict(n_batches=-1), "number of batches"), (dict(until_batch="2"), "until_batch"),
    (dict(budget_s=-1.0), "time budget"), (dict(budget_s=np.nan), "time budget")])
def test_train_refuses_bad_limits(kw, words):
    with pytest.raises(ValueError, match=words):
        xor_stepper().train(**kw)


@pytest.mark.parametrize("kw, words", [
    (dict(shuffle="yes"), "shuffle must be True or False"), (dict(seed=-1), "the seed"),
    (dict(seed=1.5), "the seed"), (dict(checkpoint_bytes=0), "checkpoint_bytes"),
    (dict(start_batch=-1), "start_batch"), (dict(loss="hinge"), "unknown loss"),
    (dict(initial_D=[np.zeros((2, 2))]), "the gradient initial_D of shapes"),
    (dict(stop_on_divergence=1), "stop_on_divergence")])
def test_other_settings_are_checked(kw, words):
    with pytest.raises(ValueError, match=words):
        xor_stepper(**kw)


def test_weights_that_are_not_finite_are_refused():
    bad = NET.copy()
    bad.thetas[1][0, 1] = np.nan
    with pytest.raises(ValueError, match="weights Θ: the matrix for layer 2 holds infinite"):
        bp.Stepper(bad, np.zeros((4, 2)), np.zeros((4, 1)))


def test_a_huge_lambda_is_blamed_for_the_divergence_it_causes():
    """λ = 1e9, α = 1, n = 4: each update multiplies the weights by 1 − αλ/n ≈ −2.5e8."""
    s = xor_stepper(lam=1e9)
    with pytest.raises(bp.DivergenceError, match="regularisation λ = 1e\\+09 is too large "
                       "for the learning rate α = 1.*Lower λ") as err:
        s.train(n_batches=100)
    assert "lower it" not in str(err.value)
    s = xor_stepper(alpha=1e3)
    with pytest.raises(bp.TrainingHalted, match="learning rate α = 1000 is probably too "
                       "large; lower it"):
        s.train(n_batches=1000)
