"""The lecture's gradient check: D against central differences of J."""

from __future__ import annotations

import numpy as np

from . import validate
from .backprop import _QUIET, _cost_only


def numerical_gradient(thetas, X, Y, lam: float = 0.0, hidden="sigmoid", output="sigmoid",
                       loss="cross_entropy", eps: float = 1e-5) -> list[np.ndarray]:
    """∂J/∂Θᵢⱼ⁽ˡ⁾ ≈ (J(Θ + εeᵢⱼ) − J(Θ − εeᵢⱼ)) / 2ε for every weight; shaped like thetas.

    Costs two forward passes per weight: for checking small networks, not for training.
    The arguments are checked once (as cost_only checks them, and ε: 0 < ε < 1, large
    enough to move every weight), not at each of the 2 × (number of weights) passes.
    """
    thetas, X, Y, lam, acts = validate.problem(thetas, X, Y, lam, hidden, output, loss)
    eps = validate.epsilon(eps, thetas)
    work = [theta.copy() for theta in thetas]
    grads = []
    with np.errstate(**_QUIET):
        for theta in work:
            g = np.zeros_like(theta)
            for idx in np.ndindex(theta.shape):
                old = theta[idx]
                theta[idx] = old + eps
                plus = _cost_only(work, X, Y, lam, acts, loss)
                theta[idx] = old - eps
                minus = _cost_only(work, X, Y, lam, acts, loss)
                theta[idx] = old
                g[idx] = (plus - minus) / (2.0 * eps)
            grads.append(g)
    validate.finite_result("the numerical gradient", grads, thetas, X, Y)
    return grads


def relative_difference(D, num) -> float:
    """‖D − num‖ / ‖D + num‖ over all weights: the lecture's check wants this tiny (< 1e-9 here).

    D and num: lists of arrays of the same shapes (D⁽ˡ⁾ and its numerical estimate)."""
    D, num = validate.gradient_pair(D, num)
    d = np.concatenate([np.ravel(a) for a in D])
    n = np.concatenate([np.ravel(a) for a in num])
    denom = np.linalg.norm(d + n)
    return float(np.linalg.norm(d - n) / denom) if denom else float(np.linalg.norm(d - n))
