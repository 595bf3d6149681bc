"""Activation functions g and their derivatives g′, numerically stable for |z| up to 1e4.

Every function maps an array of any shape to an array of the same shape, float64.
"""

from __future__ import annotations

import numpy as np

ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear")


def sigmoid(z: np.ndarray) -> np.ndarray:
    """g(z) = 1 / (1 + e^(−z)), written so that exp never overflows: e = e^(−|z|) ≤ 1."""
    e = np.exp(-np.abs(z))
    # 1 / (1 + e) where z ≥ 0 and e / (1 + e) where z < 0. The numerator max(e, [z ≥ 0]) is
    # 1 or e (as e ≤ 1) with no per-element branch: np.where on a mixed-sign z is several
    # times slower than this arithmetic, and every temporary avoided is memory not touched.
    g = np.maximum(e, z >= 0)
    e += 1.0
    g /= e
    return g


def apply(name: str, z: np.ndarray) -> np.ndarray:
    """a = g(z) for the activation called `name`."""
    if name == "sigmoid":
        return sigmoid(z)
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "linear":
        return np.array(z, dtype=np.float64, copy=True)
    raise ValueError(f"unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}")


def derivative(name: str, z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """g′(z), using the already computed a = g(z) where that is cheaper.

    sigmoid: a ⊙ (1 − a) (the seed's formula); tanh: 1 − a²; relu: 1 where z > 0;
    linear: 1.
    """
    if name == "sigmoid":
        d = 1.0 - a
        d *= a
        return d
    if name == "tanh":
        return 1.0 - a * a
    if name == "relu":
        return (z > 0).astype(np.float64)
    if name == "linear":
        return np.ones_like(z, dtype=np.float64)
    raise ValueError(f"unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}")


def check(name: str) -> str:
    """Return `name` if it is a known activation, else raise ValueError naming the choices."""
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}")
    return name
