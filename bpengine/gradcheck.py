"""The lecture's gradient check: D against central differences of J."""

from __future__ import annotations

import numpy as np

from .backprop import cost_only


def numerical_gradient(thetas, X, Y, lam: float = 0.0, hidden="sigmoid", output="sigmoid",
                       loss="cross_entropy", eps: float = 1e-5) -> list[np.ndarray]:
    """∂J/∂Θᵢⱼ⁽ˡ⁾ ≈ (J(Θ + εeᵢⱼ) − J(Θ − εeᵢⱼ)) / 2ε for every weight; shaped like thetas.

    Costs two forward passes per weight: for checking small networks, not for training.
    """
    work = [np.array(t, dtype=np.float64, copy=True) for t in thetas]
    grads = []
    for theta in work:
        g = np.zeros_like(theta)
        for idx in np.ndindex(theta.shape):
            old = theta[idx]
            theta[idx] = old + eps
            plus = cost_only(work, X, Y, lam, hidden, output, loss)
            theta[idx] = old - eps
            minus = cost_only(work, X, Y, lam, hidden, output, loss)
            theta[idx] = old
            g[idx] = (plus - minus) / (2.0 * eps)
        grads.append(g)
    return grads


def relative_difference(D, num) -> float:
    """‖D − num‖ / ‖D + num‖ over all weights: the lecture's check wants this tiny (< 1e-9 here)."""
    d = np.concatenate([np.ravel(a) for a in D])
    n = np.concatenate([np.ravel(a) for a in num])
    denom = np.linalg.norm(d + n)
    return float(np.linalg.norm(d - n) / denom) if denom else float(np.linalg.norm(d - n))
