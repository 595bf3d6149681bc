"""The seed's formulas on a 2-2-2-1 network, worked by hand with scalars.

Every expected value here is written out unit by unit with math.exp, the way one would
on paper; none comes from bpengine. The engine's batch path, its per-example loop and
the Stepper must all reproduce them.
"""

import math

import numpy as np
import pytest

import bpengine as bp

# Θ⁽ˡ⁾[i][j]: row i = unit i+1 of layer l+1, column j = unit j of layer l (j = 0: bias).
T1 = [[0.1, 0.3, -0.2], [-0.4, 0.5, 0.6]]
T2 = [[0.2, -0.7, 0.4], [0.3, 0.8, -0.5]]
T3 = [[-0.1, 0.9, -0.6]]
X = [[1.0, 0.0], [0.5, -1.0]]
Y = [1.0, 0.0]


def g(z):
    return 1.0 / (1.0 + math.exp(-z))


def by_hand(x, y):
    """Forward and backward for one example, every unit written out."""
    z2 = [T1[i][0] + T1[i][1] * x[0] + T1[i][2] * x[1] for i in range(2)]
    a2 = [g(v) for v in z2]
    z3 = [T2[i][0] + T2[i][1] * a2[0] + T2[i][2] * a2[1] for i in range(2)]
    a3 = [g(v) for v in z3]
    z4 = T3[0][0] + T3[0][1] * a3[0] + T3[0][2] * a3[1]
    a4 = g(z4)
    d4 = a4 - y
    # δ_j⁽³⁾ = Θ_1j⁽³⁾ δ_1⁽⁴⁾ · g′(z_j⁽³⁾), g′ = a(1 − a)
    d3 = [T3[0][j + 1] * d4 * a3[j] * (1 - a3[j]) for j in range(2)]
    # the seed's intuition: δ₂⁽²⁾ = Θ₁₂⁽²⁾δ₁⁽³⁾ + Θ₂₂⁽²⁾δ₂⁽³⁾, times g′(z₂⁽²⁾)
    d2 = [(T2[0][j + 1] * d3[0] + T2[1][j + 1] * d3[1]) * a2[j] * (1 - a2[j]) for j in range(2)]
    cost = -(y * math.log(a4) + (1 - y) * math.log(1 - a4))
    return dict(z2=z2, a2=a2, z3=z3, a3=a3, z4=z4, a4=a4, d4=d4, d3=d3, d2=d2, cost=cost)


def hand_D(lam):
    """Δ⁽ˡ⁾ᵢⱼ = Σ_examples aⱼ⁽ˡ⁾δᵢ⁽ˡ⁺¹⁾ (a₀ = 1), then D = Δ/m + (λ/m)Θ off the bias column."""
    m = len(X)
    D1 = [[0.0] * 3 for _ in range(2)]
    D2 = [[0.0] * 3 for _ in range(2)]
    D3 = [[0.0] * 3]
    for x, y in zip(X, Y):
        h = by_hand(x, y)
        a1, a2, a3 = [1.0, *x], [1.0, *h["a2"]], [1.0, *h["a3"]]
        for i in range(2):
            for j in range(3):
                D1[i][j] += a1[j] * h["d2"][i]
                D2[i][j] += a2[j] * h["d3"][i]
        for j in range(3):
            D3[0][j] += a3[j] * h["d4"]
    out = []
    for Delta, T in ((D1, T1), (D2, T2), (D3, T3)):
        out.append([[Delta[i][j] / m + (lam / m * T[i][j] if j else 0.0)
                     for j in range(3)] for i in range(len(T))])
    return out


def hand_J(lam):
    m = len(X)
    data = sum(by_hand(x, y)["cost"] for x, y in zip(X, Y)) / m
    reg = sum(T[i][j] ** 2 for T in (T1, T2, T3) for i in range(len(T)) for j in (1, 2))
    return data + lam / (2 * m) * reg


def thetas():
    return [np.array(T1), np.array(T2), np.array(T3)]


@pytest.mark.parametrize("lam", [0.0, 1.0, 3.0])
@pytest.mark.parametrize("path", [bp.cost_and_gradients, bp.loop_cost_and_gradients])
def test_cost_and_D_match_hand_computation(path, lam):
    J, D = path(thetas(), np.array(X), np.array(Y)[:, None], lam=lam)
    assert J == pytest.approx(hand_J(lam), abs=1e-14)
    for got, want in zip(D, hand_D(lam)):
        np.testing.assert_allclose(got, np.array(want), rtol=0, atol=1e-15)


def test_regularisation_is_lambda_over_m_not_lambda():
    """The seed prints D = Δ/m + λΘ; the λ/(2m) in J differentiates to λ/m (DESIGN §2)."""
    D0 = bp.cost_and_gradients(thetas(), np.array(X), np.array(Y)[:, None], lam=0.0)[1]
    D1 = bp.cost_and_gradients(thetas(), np.array(X), np.array(Y)[:, None], lam=1.0)[1]
    m = len(X)
    np.testing.assert_allclose(D1[1][:, 1:] - D0[1][:, 1:], np.array(T2)[:, 1:] / m, atol=1e-15)
    np.testing.assert_array_equal(D1[1][:, 0], D0[1][:, 0])  # the bias column is not regularised


def test_stepper_walks_through_the_hand_values():
    net = bp.Network([2, 2, 2, 1], ["sigmoid"] * 3, thetas())
    s = bp.Stepper(net, np.array(X), np.array(Y), alpha=0.5, lam=1.0)
    h = by_hand(X[0], Y[0])
    assert s.step().label.startswith("a⁽¹⁾ = x⁽ⁱ⁾")
    np.testing.assert_allclose(s.z[1], h["z2"], atol=1e-15)
    np.testing.assert_allclose(s.a[1], h["a2"], atol=1e-15)
    s.step()
    np.testing.assert_allclose(s.a[2], h["a3"], atol=1e-15)
    s.step()
    assert s.a[3][0] == pytest.approx(h["a4"], abs=1e-15)
    assert s.step().label == "δ⁽⁴⁾ = a⁽⁴⁾ − y⁽ⁱ⁾"
    assert s.delta[3][0] == pytest.approx(h["d4"], abs=1e-15)
    assert s.delta[2] is None  # δ⁽³⁾ not yet computed
    assert s.step().label == "δ⁽³⁾ = (Θ⁽³⁾)ᵀδ⁽⁴⁾ ⊙ g′(z⁽³⁾)"
    np.testing.assert_allclose(s.delta[2], h["d3"], atol=1e-15)
    s.step()
    np.testing.assert_allclose(s.delta[1], h["d2"], atol=1e-15)
    assert s.step().kind == "accumulate"
    a1 = np.array([1.0, *X[0]])
    np.testing.assert_allclose(s.Deltas[0], np.outer(h["d2"], a1), atol=1e-15)
    s.next_example()
    assert s.step().kind == "gradient"
    for got, want in zip(s.D, hand_D(1.0)):
        np.testing.assert_allclose(got, np.array(want), atol=1e-15)
    assert s.J_batch == pytest.approx(hand_J(1.0), abs=1e-14)
    assert s.step().kind == "update"
    for got, T, Dw in zip(s.thetas, (T1, T2, T3), hand_D(1.0)):
        np.testing.assert_allclose(got, np.array(T) - 0.5 * np.array(Dw), atol=1e-15)
    assert list(s.history_J) == [pytest.approx(hand_J(1.0), abs=1e-14)]
