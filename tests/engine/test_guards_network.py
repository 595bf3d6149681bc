"""Network, Network.create and random_thetas check their arguments (issue 9): one Θ per
layer of exactly its shape, whole numbers of units, known activations, whole-number seeds."""

import re

import numpy as np
import pytest

import bpengine as bp
from bpengine.network import random_thetas


def test_a_network_needs_one_theta_per_layer():
    with pytest.raises(ValueError, match=r"^thetas: a network of 3 layers needs 2 matrices "
                                         r"Θ⁽¹⁾ … Θ⁽²⁾, got 1$"):
        bp.Network([3, 4, 1], ["sigmoid", "sigmoid"], [np.zeros((4, 4))])
    with pytest.raises(ValueError, match=r"^thetas: a network of 3 layers needs 2 matrices"):
        bp.Network([3, 4, 1], ["sigmoid", "sigmoid"], [np.zeros((4, 4))] * 3)


def test_each_theta_must_have_its_layers_shape():
    want = "thetas: Θ⁽²⁾ has shape (1, 4) but layers 2 and 3 have 4 and 1 units, so it needs (1, 5)"
    with pytest.raises(ValueError, match=f"^{re.escape(want)}$"):
        bp.Network([3, 4, 1], ["sigmoid", "sigmoid"], [np.zeros((4, 4)), np.zeros((1, 4))])
    bad = [np.zeros((4, 4)), np.zeros((1, 5))]
    bad[1][0, 4] = np.inf
    with pytest.raises(ValueError, match=re.escape("the weight in row 1, column 5 of Θ⁽²⁾ "
                                                   "(Θ₁₄⁽²⁾, thetas[1][0, 4]) is inf")):
        bp.Network([3, 4, 1], ["sigmoid", "sigmoid"], bad)


def test_a_network_converts_nested_lists_and_keeps_float64_arrays_as_they_are():
    th = [np.zeros((2, 3)), np.zeros((1, 3))]
    net = bp.Network([2, 2, 1], ["sigmoid", "sigmoid"], th)
    assert net.thetas[0] is th[0] and net.thetas[1] is th[1]  # no copy: callers share them
    net = bp.Network([2, 2, 1], ["tanh", "sigmoid"], [[[0, 1, 2], [3, 4, 5]], [[1, 1, 1]]])
    assert [t.dtype for t in net.thetas] == [np.float64, np.float64]
    np.testing.assert_array_equal(net.thetas[0], [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]])


@pytest.mark.parametrize("acts,message", [
    (["sigmoid"], r"^acts: 2 weight matrices need 2 activations \(layers 2 … 3\), got 1$"),
    (["sigmoid", "softsign"], r"^acts: unknown activation 'softsign'; choose one of"),
    ("sigmoid", r"^acts: the activations must be a list of 2 names"),
])
def test_a_network_needs_one_known_activation_per_layer_after_the_first(acts, message):
    with pytest.raises(ValueError, match=message):
        bp.Network([2, 2, 1], acts, [np.zeros((2, 3)), np.zeros((1, 3))])


def test_a_network_refuses_a_bad_seed_or_meta():
    th = [np.zeros((2, 3)), np.zeros((1, 3))]
    with pytest.raises(ValueError, match=r"^seed: the random seed must be a whole number, not "
                                         r"0.5$"):
        bp.Network([2, 2, 1], ["sigmoid", "sigmoid"], th, seed=0.5)
    with pytest.raises(ValueError, match=r"^meta: the notes about a network must be a dict, "
                                         r"not a list$"):
        bp.Network([2, 2, 1], ["sigmoid", "sigmoid"], th, meta=[])


def test_create_refuses_zero_units_without_a_warning():
    """Network.create([0, 0]) used to warn (division by zero in ε) and then overflow."""
    with pytest.raises(ValueError, match=r"^sizes: every layer needs at least one unit, but "
                                         r"layer 1 has 0 \(sizes \[0, 0\]\)$"):
        bp.Network.create([0, 0])
    with pytest.raises(ValueError, match=r"^sizes: every layer needs at least one unit, but "
                                         r"layer 2 has -3"):
        bp.Network.create([2, -3, 1])


@pytest.mark.parametrize("sizes,message", [
    ([2, 2.5, 1], r"^sizes: the number of units of layer 2 must be a whole number, not 2.5$"),
    ([2, 3.0, 1], r"^sizes: the number of units of layer 2 must be a whole number, not 3$"),
    ([True, 1], r"^sizes: the number of units of layer 1 must be a whole number, not True$"),
    (["2", 1], r"^sizes: the number of units of layer 1 must be a whole number, not '2'$"),
    ([3], r"^sizes: a network needs at least an input and an output layer, got 1 layer$"),
    ([], r"^sizes: a network needs at least an input and an output layer, got 0 layers$"),
    ("221", r"^sizes: the layer sizes must be a list of unit counts such as \[2, 3, 1\]"),
    (5, r"^sizes: the layer sizes must be a list of unit counts"),
])
def test_create_needs_whole_numbers_of_units(sizes, message):
    with pytest.raises(ValueError, match=message):
        bp.Network.create(sizes)
    with pytest.raises(ValueError, match=message):
        random_thetas(sizes, 0)


@pytest.mark.parametrize("seed,message", [
    (1.5, r"^seed: the random seed must be a whole number, not 1.5$"),
    (2.0, r"^seed: the random seed must be a whole number, not 2$"),
    (True, r"^seed: the random seed must be a whole number, not True$"),
    ("3", r"^seed: the random seed must be a whole number, not '3'$"),
    (None, r"^seed: the random seed must be a whole number, not None$"),
    (-1, r"^seed: the random seed must be 0 or more, not -1$"),
])
def test_create_needs_a_whole_number_seed(seed, message):
    with pytest.raises(ValueError, match=message):
        bp.Network.create([2, 2, 1], seed=seed)
    with pytest.raises(ValueError, match=message):
        random_thetas([2, 2, 1], seed)


def test_numpy_integers_are_whole_numbers():
    """A numpy int (as from a spin box or an array of sizes) means the same as the int."""
    ref = bp.Network.create([3, 4, 2], seed=7)
    for sizes, seed in ((np.array([3, 4, 2]), np.int64(7)), ([np.uint8(3), 4, 2], np.uint16(7))):
        net = bp.Network.create(sizes, seed=seed)
        assert net.sizes == [3, 4, 2] and type(net.seed) is int and net.seed == 7
        assert all(np.array_equal(a, b) for a, b in zip(net.thetas, ref.thetas))


@pytest.mark.parametrize("kw,message", [
    (dict(hidden="softsign"), r"^hidden: unknown activation 'softsign'"),
    (dict(hidden=["tanh"]), r"^hidden: 2 hidden layers need 2 activations, got 1$"),
    (dict(hidden=7), r"^hidden: the hidden activation must be a name"),
    (dict(output=None), r"^output: unknown activation None"),
])
def test_create_checks_the_activation_names(kw, message):
    with pytest.raises(ValueError, match=message):
        bp.Network.create([2, 3, 3, 1], **kw)
