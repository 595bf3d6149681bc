"""The Stepper's arguments, checked once at the boundary with messages in words.

Each check runs once a call (a few µs); nothing here is called from inside the micro-step
loop or the fast path. Bad data raises DataError (a ValueError) naming the row and column;
a bad setting raises ValueError naming the setting as the user knows it (α, λ, batch size).
"""

from __future__ import annotations

import math
from numbers import Integral, Real

import numpy as np

from .errors import DataError


def whole(value, what: str, low: int = 0) -> int:
    """`value` as an int ≥ low; bools, floats (3.0 too), strings and NaN are refused."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise ValueError(f"{what} must be a whole number ≥ {low}, not {value!r}")
    if value < low:
        raise ValueError(f"{what} must be a whole number ≥ {low}, not {value}")
    return int(value)


def number(value, what: str, positive: bool) -> float:
    """A finite real number > 0 (positive) or ≥ 0; bools and strings are refused."""
    ok = isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value) \
        and (value > 0 if positive else value >= 0)
    if not ok:
        need = "a positive number" if positive else "a number ≥ 0"
        raise ValueError(f"{what} must be {need}, not {value!r}")
    return float(value)


def flag(value, what: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{what} must be True or False, not {value!r}")
    return bool(value)


def data(X, Y, sizes) -> tuple[np.ndarray, np.ndarray]:
    """X (m, n) and Y (m, K) (a 1-D Y is one column) as float64 copies, checked against the
    network's sizes [n, …, K]: shapes, numbers, finite values."""
    X = _numbers(X, "the inputs X")
    Y = _numbers(Y, "the targets Y")
    if Y.ndim == 1:
        Y = Y[:, None]
    if X.ndim != 2:
        raise DataError(f"the inputs X must be a table of m rows (examples) by "
                        f"{sizes[0]} columns (features); got an array of shape {X.shape}")
    if Y.ndim != 2:
        raise DataError(f"the targets Y must be a table of m rows by {sizes[-1]} columns "
                        f"(or one column of m values); got an array of shape {Y.shape}")
    if X.shape[0] == 0:
        raise DataError("the inputs X have no rows: training needs at least one example")
    if X.shape[0] != Y.shape[0]:
        raise DataError(f"the inputs X have {X.shape[0]} rows but the targets Y have "
                        f"{Y.shape[0]}: each example needs one row in each")
    if X.shape[1] != sizes[0]:
        raise DataError(f"the inputs X have {X.shape[1]} columns, but the network's input "
                        f"layer has {sizes[0]} units (one a feature)")
    if Y.shape[1] != sizes[-1]:
        raise DataError(f"the targets Y have {Y.shape[1]} columns, but the network's output "
                        f"layer has {sizes[-1]} units (one a target)")
    _finite(X, "the inputs X")
    _finite(Y, "the targets Y")
    return X, Y


def _numbers(A, what: str) -> np.ndarray:
    try:
        return np.array(A, dtype=np.float64)
    except (TypeError, ValueError):
        raise DataError(f"{what} must be a table of numbers") from None


def _finite(A: np.ndarray, what: str) -> None:
    bad = ~np.isfinite(A)
    if bad.any():
        row, col = (int(i) for i in np.argwhere(bad)[0])
        raise DataError(f"{what} hold {A[row, col]} at row {row + 1}, column {col + 1} "
                        f"({int(bad.sum())} such entries): every value must be a finite number")


def matrices(arrays, shapes, what: str) -> list[np.ndarray]:
    """Float64 copies of Θ- or D-shaped matrices, finite, of the given shapes."""
    arrays = shaped(arrays, shapes, what, copy=True)
    finite(arrays, what)
    return arrays


def shaped(arrays, shapes, what: str, copy: bool = False) -> list[np.ndarray]:
    """Float64 matrices (copies, or views where they already are) of the given shapes;
    not checked for finite values (finite() does that)."""
    convert = np.array if copy else np.asarray
    try:
        arrays = [convert(a, dtype=np.float64) for a in arrays]
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be matrices of numbers") from None
    got = [a.shape for a in arrays]
    if got != list(shapes):
        raise ValueError(f"{what} of shapes {got} do not fit this network, whose Θ have "
                         f"shapes {list(shapes)}")
    return arrays


def finite(arrays, what: str) -> None:
    """ValueError naming the first layer of `arrays` that holds an infinite or NaN value."""
    for l, a in enumerate(arrays, start=1):
        if not np.all(np.isfinite(a)):
            raise ValueError(f"{what}: the matrix for layer {l} holds infinite or NaN values")
    return arrays


def batch_size(value, m: int) -> int:
    """None or any whole number ≥ m: the full batch of m; else 1 … m − 1 examples."""
    if value is None:
        return m
    return min(whole(value, "the batch size", low=1), m)
