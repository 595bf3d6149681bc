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

    cross_entropy uses −log h = softplus(−z) and −log(1 − h) = softplus(z) with
    softplus(t) = log(1 + eᵗ) = logaddexp(0, t): exact for sigmoid outputs, and log never
    sees 0 however saturated the unit is (|z| up to 1e4 and beyond).
    """
    if loss == "cross_entropy":
        return float(np.sum(y * np.logaddexp(0.0, -z_L) + (1.0 - y) * np.logaddexp(0.0, z_L)))
    diff = a_L - y
    return float(0.5 * np.sum(diff * diff))


def regularization(thetas: Sequence[np.ndarray], lam: float, m: int) -> float:
    """λ/(2m) Σₗ Σᵢ Σ_{j≥1} (Θᵢⱼ⁽ˡ⁾)²: the bias column j = 0 is not regularised."""
    if lam == 0.0:
        return 0.0
    return float(lam / (2.0 * m) * sum(np.sum(t[:, 1:] ** 2) for t in thetas))
