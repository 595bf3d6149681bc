"""bpengine.explain on the hand-worked 2-2-2-1 network: the numbers the inspector shows.

Expected values come from tests/engine/test_handworked.py's `by_hand` (scalars and
math.exp, written out unit by unit), never from the Stepper.
"""

import numpy as np
import pytest

import bpengine as bp
from bpengine import explain
from tests.engine.test_handworked import T2, T3, X, Y, by_hand, thetas


def stepper():
    net = bp.Network([2, 2, 2, 1], ["sigmoid"] * 3, thetas())
    return bp.Stepper(net, np.array(X), np.array(Y), alpha=0.5, lam=1.0)


@pytest.mark.parametrize("steps", [0, 1, 4, 7])   # before, mid-forward, mid-backward, done
@pytest.mark.parametrize("l", [1, 2, 3])
def test_a_bias_unit_is_the_constant_one_with_no_z_and_no_delta(l, steps):
    s = stepper()
    for _ in range(steps):
        s.step()
    ex = explain.unit(s, l, 0)
    assert ex.bias and (ex.layer, ex.unit, ex.a) == (l, 0, 1.0)
    assert ex.act is None and ex.y is None
    assert ex.z is ex.z_terms is ex.g_prime is None
    assert ex.delta is ex.back_terms is ex.back_sum is None


def test_the_output_layer_has_no_bias_unit_and_unknown_units_are_refused():
    s = stepper()
    with pytest.raises(ValueError, match="layer 4 is the output layer: it has no bias unit"):
        explain.unit(s, 4, 0)
    for l, j in ((0, 1), (5, 1), (1, 3), (2, 3), (4, 2), (2, -1)):
        with pytest.raises(ValueError, match=f"layer {l}"):
            explain.unit(s, l, j)


def test_other_units_still_explain_their_hand_values():
    s = stepper()
    for _ in range(5):                   # forward 2, 3, 4, output error, backward 3
        s.step()
    h = by_hand(X[0], Y[0])
    ex = explain.unit(s, 3, 2)           # hidden unit a₂⁽³⁾
    assert not ex.bias and ex.act == "sigmoid"
    assert ex.z_terms == [pytest.approx(p, abs=1e-15) for p in
                          [(T2[1][0], 1.0), (T2[1][1], h["a2"][0]), (T2[1][2], h["a2"][1])]]
    assert ex.z == pytest.approx(h["z3"][1], abs=1e-15)
    assert ex.a == pytest.approx(h["a3"][1], abs=1e-15)
    assert ex.g_prime == pytest.approx(h["a3"][1] * (1 - h["a3"][1]), abs=1e-15)
    assert ex.back_terms == [(pytest.approx(T3[0][2], abs=0), pytest.approx(h["d4"], abs=1e-15))]
    assert ex.delta == pytest.approx(h["d3"][1], abs=1e-15)
    out = explain.unit(s, 4, 1)
    assert out.y == Y[0] and out.delta == pytest.approx(h["d4"], abs=1e-15)
    x = explain.unit(s, 1, 2)
    assert x.a == X[0][1] and x.z is None and x.delta is None


def test_a_weights_batch_n_counts_accumulated_examples_not_output_errors():
    """Δ⁽³⁾₁₂ after example 1 is a₂⁽³⁾δ₁⁽⁴⁾ of example 1 alone, even once example 2's output
    error is done (the step that used to make batch_n 2 too early)."""
    s = stepper()
    h = by_hand(X[0], Y[0])
    s.next_example()
    for _ in range(4):                   # example 2: forward 2, 3, 4, output error
        s.step()
    assert s.last.kind == "output_error"
    ex = explain.weight(s, 3, 1, 2)
    assert ex.batch_n == 1 and ex.batch_m == 2
    assert ex.Delta == pytest.approx(h["a3"][1] * h["d4"], abs=1e-15)
    s.step()                             # example 2: backward 3, backward 2, accumulate
    s.step()
    assert explain.weight(s, 3, 1, 2).batch_n == 1
    s.step()
    assert explain.weight(s, 3, 1, 2).batch_n == 2
