import numpy as np
import pytest

import bpengine as bp


def test_create_shapes_and_the_lectures_epsilon():
    net = bp.Network.create([2, 2, 2, 1], hidden="sigmoid", output="sigmoid", seed=0)
    assert [t.shape for t in net.thetas] == [(2, 3), (2, 3), (1, 3)]
    assert all(t.dtype == np.float64 for t in net.thetas)
    big = bp.Network.create([400, 25, 10], seed=1)
    eps1 = np.sqrt(6) / np.sqrt(400 + 25)  # ε = √6 / √(s_l + s_{l+1}) ≈ 0.1188
    assert eps1 == pytest.approx(0.11881770515720134)
    assert np.abs(big.thetas[0]).max() <= eps1
    assert np.abs(big.thetas[0]).max() > 0.95 * eps1  # uses the whole range
    assert abs(big.thetas[0].mean()) < 0.01  # symmetric around 0


def test_create_is_reproducible_from_its_seed():
    a = bp.Network.create([3, 4, 2], seed=7)
    b = bp.Network.create([3, 4, 2], seed=7)
    c = bp.Network.create([3, 4, 2], seed=8)
    assert all(np.array_equal(x, y) for x, y in zip(a.thetas, b.thetas))
    assert not np.array_equal(a.thetas[0], c.thetas[0])


@pytest.mark.parametrize("sizes,match", [([3], "at least an input and an output"),
                                         ([2, 0, 1], "at least one unit")])
def test_impossible_networks_are_refused(sizes, match):
    with pytest.raises(ValueError, match=match):
        bp.Network.create(sizes)


def test_network_properties_and_copy():
    net = bp.Network.create([2, 3, 1], hidden="tanh", seed=0)
    assert net.L == 3 and net.hidden == ["tanh"] and net.output == "sigmoid"
    dup = net.copy()
    dup.thetas[0][0, 0] += 1
    assert dup.thetas[0][0, 0] != net.thetas[0][0, 0]
