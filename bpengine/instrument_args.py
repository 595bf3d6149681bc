"""Argument checks for the teaching instruments (gradient check, decision surface).

Each check returns the argument as float64 (copied where the caller may mutate it) or
raises ValueError with a sentence that names the argument, in the seed's notation, and the
offending value: these functions are the boundary between a script or a panel and the math.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .notation import layer


def thetas(value) -> list[np.ndarray]:
    """Θ⁽¹⁾ … Θ⁽ᴸ⁻¹⁾ as new float64 arrays; each Θ⁽ˡ⁾ (s_{l+1}, s_l + 1), finite, and each
    layer's column count one more than the previous layer's row count."""
    if isinstance(value, np.ndarray) or not isinstance(value, Sequence) or len(value) == 0:
        raise ValueError("the weights must be a list of matrices Θ⁽¹⁾ … Θ⁽ᴸ⁻¹⁾ "
                         "(at least one)")
    out = []
    for k, t in enumerate(value):
        name = f"Θ{layer(k + 1)}"
        try:
            a = np.array(t, dtype=np.float64, copy=True)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a matrix of numbers") from None
        if a.ndim != 2 or a.shape[0] < 1 or a.shape[1] < 2:
            raise ValueError(f"{name} must be a matrix with at least one row and two columns "
                             f"(the bias column and one input), not shape {a.shape}")
        if not np.all(np.isfinite(a)):
            r, c = np.argwhere(~np.isfinite(a))[0]
            raise ValueError(f"{name} holds {a[r, c]} at row {r + 1}, column {c}: "
                             "every weight must be a finite number")
        if out and a.shape[1] != out[-1].shape[0] + 1:
            raise ValueError(f"{name} has {a.shape[1]} columns, but layer {k + 1} has "
                             f"{out[-1].shape[0]} units, so it needs {out[-1].shape[0] + 1} "
                             "(the bias column first)")
        out.append(a)
    return out


def data(X, Y, ths: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """X (m, s₁) and Y (m, K) (a 1-D Y is one column), float64, finite, m ≥ 1."""
    n, K = ths[0].shape[1] - 1, ths[-1].shape[0]
    X = matrix(X, "the inputs X")
    Y = matrix(Y, "the targets Y", allow_1d=True)
    if X.shape[1] != n:
        raise ValueError(f"the inputs X have {X.shape[1]} columns, but the network has {n} "
                         "input units")
    if Y.shape[1] != K:
        raise ValueError(f"the targets Y have {Y.shape[1]} columns, but the network has {K} "
                         "output units")
    if X.shape[0] != Y.shape[0]:
        raise ValueError(f"the inputs X have {X.shape[0]} examples but the targets Y have "
                         f"{Y.shape[0]}")
    return X, Y


def matrix(value, what: str, allow_1d: bool = False) -> np.ndarray:
    """A float64 matrix (m ≥ 1 rows) of finite numbers; a 1-D value is one column if allow_1d.
    `what` names it for a person, in the plural ("the inputs X")."""
    try:
        a = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a matrix of numbers") from None
    if allow_1d and a.ndim == 1:
        a = a[:, None]
    if a.ndim != 2 or a.shape[0] < 1:
        raise ValueError(f"{what} must be a matrix with one row per example (at least one), "
                         f"not shape {a.shape}")
    if not np.all(np.isfinite(a)):
        r, c = np.argwhere(~np.isfinite(a))[0]
        raise ValueError(f"{what} hold {a[r, c]} in example {r + 1}, column {c + 1}: "
                         "every value must be a finite number")
    return a


def number(value, what: str, *, positive: bool = False) -> float:
    """A finite real ≥ 0 (> 0 if positive) as float; `what` names it for a person."""
    bad = isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating))
    if not bad:
        v = float(value)
        bad = not math.isfinite(v) or v < 0 or (positive and v == 0)
    if bad:
        need = "a positive number" if positive else "a number ≥ 0"
        raise ValueError(f"{what} must be {need}, not {value!r}")
    return v


def integer(value, what: str, lo: int, hi: int | None = None) -> int:
    """An int in [lo, hi] (hi None: no upper bound); `what` names it for a person."""
    ok = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if ok:
        ok = lo <= int(value) and (hi is None or int(value) <= hi)
    if not ok:
        rng = f"from {lo} to {hi}" if hi is not None else f"≥ {lo}"
        raise ValueError(f"{what} must be a whole number {rng}, not {value!r}")
    return int(value)


def interval(value, what: str) -> tuple[float, float]:
    """(lo, hi), two finite numbers with lo < hi."""
    try:
        lo, hi = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a pair of numbers (low, high), not {value!r}") from None
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ValueError(f"{what} must be two finite numbers with low < high, not {value!r}")
    return lo, hi
