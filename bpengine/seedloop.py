"""The seed's per-example loop, written as the lecture writes it.

Vectors are 1-D arrays in column form; the bias unit is added explicitly
(a = [1; a]) before each product, exactly as "add a₀⁽ˡ⁾" in the seed. This path is
slow and didactic; the Stepper runs it one line at a time, and the tests hold it
against the vectorised path in `backprop`.
"""

from __future__ import annotations

import numpy as np

from . import activations, losses, validate
from .backprop import _QUIET, _gradients


def with_bias(a: np.ndarray) -> np.ndarray:
    """[1; a]: prepend the bias unit a₀ = 1. (s,) → (s + 1,)."""
    return np.concatenate(([1.0], a))


def forward_layer(theta: np.ndarray, a_prev: np.ndarray, act: str):
    """z⁽ˡ⁺¹⁾ = Θ⁽ˡ⁾ [1; a⁽ˡ⁾], a⁽ˡ⁺¹⁾ = g(z⁽ˡ⁺¹⁾).

    theta (s_{l+1}, s_l + 1), a_prev (s_l,) → (z, a), each (s_{l+1},).
    """
    z = theta @ with_bias(a_prev)
    return z, activations.apply(act, z)


def backward_layer(theta: np.ndarray, delta_next: np.ndarray, z: np.ndarray, a: np.ndarray,
                   act: str) -> np.ndarray:
    """δ⁽ˡ⁾ = ((Θ⁽ˡ⁾)ᵀ δ⁽ˡ⁺¹⁾)_{1..s_l} ⊙ g′(z⁽ˡ⁾): the bias row of Θᵀδ is dropped. → (s_l,)."""
    return (theta.T @ delta_next)[1:] * activations.derivative(act, z, a)


def accumulate_layer(Delta: np.ndarray, delta_next: np.ndarray, a: np.ndarray) -> np.ndarray:
    """Δ⁽ˡ⁾ + δ⁽ˡ⁺¹⁾ [1; a⁽ˡ⁾]ᵀ, a new (s_{l+1}, s_l + 1) array (eq. 3 summed over examples)."""
    return Delta + np.outer(delta_next, with_bias(a))


def example_forward(thetas, x, acts):
    """a⁽¹⁾ = x, then every forward layer. Returns (zs, As) lists of 1-D arrays; zs[0] None."""
    zs, As = [None], [x]
    for theta, act in zip(thetas, acts):
        z, a = forward_layer(theta, As[-1], act)
        zs.append(z)
        As.append(a)
    return zs, As


def example_deltas(thetas, zs, As, y, acts, loss):
    """δ⁽ᴸ⁾ then δ⁽ᴸ⁻¹⁾ … δ⁽²⁾ for one example; deltas[0] is None (no δ⁽¹⁾)."""
    L = len(As)
    deltas = [None] * L
    deltas[L - 1] = losses.output_error(As[-1], zs[-1], y, acts[-1], loss)
    for l in range(L - 2, 0, -1):
        deltas[l] = backward_layer(thetas[l], deltas[l + 1], zs[l], As[l], acts[l - 1])
    return deltas


def loop_cost_and_gradients(thetas, X, Y, lam: float = 0.0, hidden="sigmoid", output="sigmoid",
                            loss="cross_entropy"):
    """The seed's algorithm verbatim: Δ = 0; for i = 1 … m: forward, δ⁽ᴸ⁾, back-propagate,
    Δ⁽ˡ⁾ := Δ⁽ˡ⁾ + δ⁽ˡ⁺¹⁾(a⁽ˡ⁾)ᵀ; then D. Returns (J, D) like `cost_and_gradients`, and
    checks its arguments as that does (X scanned too: next to the loop that costs nothing)."""
    thetas, X, Y, lam, acts = validate.problem(thetas, X, Y, lam, hidden, output, loss)
    with np.errstate(**_QUIET):
        J, D = _loop(thetas, X, Y, lam, acts, loss)
    validate.finite_result("the cost J or its gradient D", [J, *D], thetas, X, Y)
    return J, D


def _loop(thetas, X, Y, lam: float, acts, loss: str):
    """loop_cost_and_gradients without the argument checks."""
    m = X.shape[0]
    Deltas = [np.zeros_like(t) for t in thetas]
    total = 0.0
    for i in range(m):
        zs, As = example_forward(thetas, X[i], acts)
        total += losses.data_cost(As[-1], zs[-1], Y[i], loss)
        deltas = example_deltas(thetas, zs, As, Y[i], acts, loss)
        for l in range(len(thetas)):
            Deltas[l] = accumulate_layer(Deltas[l], deltas[l + 1], As[l])
    J = total / m + losses.regularization(thetas, lam, m)
    return J, _gradients(Deltas, thetas, m, lam)
