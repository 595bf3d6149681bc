"""The cost J(Θ) and the output error δ⁽ᴸ⁾ for the two losses.

cross_entropy (the seed's eq. 1, sigmoid outputs):
    J = −(1/m) Σᵢ Σₖ [yₖ log hₖ + (1 − yₖ) log(1 − hₖ)] + λ/(2m) Σₗ Σ_{j≠0} (Θⱼ⁽ˡ⁾)²
mse:
    J = (1/m) Σᵢ ½‖h − y‖² + the same λ term
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import activations

LOSSES = ("cross_entropy", "mse")


def check(loss: str, output: str) -> str:
    """Validate a loss/output-activation pair; cross-entropy needs sigmoid outputs (h ∈ (0, 1))."""
    if loss not in LOSSES:
        raise ValueError(f"unknown loss {loss!r}; choose one of {', '.join(LOSSES)}")
    if loss == "cross_entropy" and output != "sigmoid":
        raise ValueError(
            f"the cross-entropy cost needs a sigmoid output layer (got {output!r}); "
            "use the squared-error cost 'mse' for other output activations"
        )
    return loss


def output_error(a_L: np.ndarray, z_L: np.ndarray, y: np.ndarray, output: str,
                 loss: str) -> np.ndarray:
    """δ⁽ᴸ⁾ for one example (K,) or a batch (m, K).

    cross_entropy: δ⁽ᴸ⁾ = a⁽ᴸ⁾ − y   (the seed prints "0 − y": a typo)
    mse:           δ⁽ᴸ⁾ = (a⁽ᴸ⁾ − y) ⊙ g′(z⁽ᴸ⁾)
    """
    diff = a_L - y
    if loss == "cross_entropy":
        return diff
    return diff * activations.derivative(output, z_L, a_L)


def data_cost(a_L: np.ndarray, z_L: np.ndarray, y: np.ndarray, loss: str) -> float:
    """Σ over the examples given (and the K outputs) of cost(i), without 1/m or λ.

    cross_entropy: `cross_entropy_sum`, the one implementation of the formula: the Stepper
    and the seed's loop get it here for one example, `backprop.cost` for a batch, and
    `backprop.cost_and_gradients` calls it directly (with a reused work array).
    mse: ½ Σ (h − y)².
    """
    if loss == "cross_entropy":
        return cross_entropy_sum(z_L, y)
    diff = a_L - y
    return float(0.5 * np.sum(diff * diff))


def cross_entropy_sum(z: np.ndarray, y: np.ndarray, work: np.ndarray | None = None) -> float:
    """Σ −[y log h + (1 − y) log(1 − h)] over all entries, for sigmoid outputs h = g(z).

    Written in z, so that log never sees 0 however saturated the unit is (|z| up to 1e4 and
    beyond): −log h = softplus(−z) and −log(1 − h) = softplus(z), softplus(t) = log(1 + eᵗ).
    As softplus(±z) = log1p(e^(−|z|)) + max(±z, 0), a term is

        log1p(e^(−|z|)) + ([z ≥ 0] − y) z

    exp never overflows, log1p's argument is in (0, 1], and for 0 ≤ y ≤ 1 both parts are ≥ 0
    (([z ≥ 0] − y) z is (1 − y) z for z ≥ 0 and y |z| for z < 0), so nothing cancels: even a
    confidently right output keeps its tiny cost to full relative precision (z = 30, y = 1
    costs log1p(e⁻³⁰) ≈ 9.36e-14; max(z, 0) − y z would round it through 30 − 30).
    np.logaddexp(0, ±z), the textbook softplus, is as exact but about 10x slower.

    z and y: arrays of the same shape ((K,) for one example, (m, K) for a batch; y may also
    broadcast against z). work: optional float64 scratch array of z's shape (the batch path
    passes a reused one; the result never lives in it).
    """
    t = np.abs(z, out=work)
    np.negative(t, out=t)
    np.exp(t, out=t)
    total = np.log1p(t, out=t).sum()
    np.greater_equal(z, 0.0, out=t)  # 1.0 or 0.0
    t -= y
    return float(total + np.vdot(t, z))  # Σ ([z ≥ 0] − y) z in one BLAS pass


def regularization(thetas: Sequence[np.ndarray], lam: float, m: int) -> float:
    """λ/(2m) Σₗ Σᵢ Σ_{j≥1} (Θᵢⱼ⁽ˡ⁾)²: the bias column j = 0 is not regularised."""
    if lam == 0.0:
        return 0.0
    # Σ Θ² as a sum of products: no squared copy of each Θ (half the time of np.sum(w ** 2))
    return float(lam / (2.0 * m) * sum(np.einsum("ij,ij->", t[:, 1:], t[:, 1:]) for t in thetas))
