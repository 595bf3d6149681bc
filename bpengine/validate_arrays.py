"""Array checks for `validate`: the weights Θ⁽ˡ⁾, the data X and Y, per-layer lists.

Each returns its argument as float64 ndarrays (nested lists, ints, bools and float32 are
converted; a float64 array is passed through without a copy) or raises ValueError (DataError
for X and Y) whose message starts with the argument's name and gives the position of the
first bad entry in words, rows and columns counted from 1, with the 0-based index after it:
"X: row 3, column 2 (X[2, 1]) is NaN; every input must be a finite number".
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np

from .errors import DataError
from .notation import layer, sub


def show(value) -> str:
    """A value as a person reads it: 1.5, -1, NaN, inf, 'tanh', None, an array of shape (2,)."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (float, np.floating)):
        return "NaN" if value != value else f"{float(value):g}"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, str) or value is None:
        return repr(value)
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    return f"a {type(value).__name__}"


# ---- arrays ----------------------------------------------------------------------------

_KINDS = {"c": "complex numbers", "U": "text", "S": "text", "O": "Python objects (such as None)",
          "M": "dates", "m": "time spans", "V": "records"}


def array(value, arg: str, what: str, error: type[ValueError] = ValueError) -> np.ndarray:
    """`value` as a float64 ndarray (no copy if it already is one). Refuses ragged nested
    lists, text, complex numbers and objects; bools and ints become 0.0, 1.0, …"""
    if isinstance(value, (str, bytes)):
        raise error(f"{arg}: {what} must be an array of numbers, not text")
    try:
        a = np.asarray(value)
    except (ValueError, TypeError):  # ragged nested lists: numpy refuses the shape
        raise error(f"{arg}: {what} must be an array of numbers whose rows all have the same "
                    "length") from None
    if a.dtype.kind not in "biuf":
        raise error(f"{arg}: {what} must hold real numbers, not "
                    f"{_KINDS.get(a.dtype.kind, a.dtype.name)}")
    return a.astype(np.float64, copy=False)


def _ij(r: int, c: int) -> str:
    """The seed's subscript of the weight in 0-based row r, column c: Θᵢⱼ with i = r + 1
    (units of the next layer count from 1) and j = c (j = 0 is the bias)."""
    return sub(f"{r + 1}{c}" if r < 9 and c < 10 else f"{r + 1},{c}")


def position(name: str, index: tuple[int, ...]) -> str:
    """'row 3, column 2 (X[2, 1])' for a 2-D index, 'entry 3 (a[2])' for a 1-D one."""
    if len(index) == 2:
        return f"row {index[0] + 1}, column {index[1] + 1} ({name}[{index[0]}, {index[1]}])"
    if len(index) == 1:
        return f"entry {index[0] + 1} ({name}[{index[0]}])"
    return f"{name}[{', '.join(map(str, index))}]"


def first(mask: np.ndarray) -> tuple[int, ...] | None:
    """The 0-based index of the first True of `mask` in row order, or None."""
    flat = int(np.argmax(mask))
    return None if not mask.flat[flat] else tuple(int(i) for i in
                                                 np.unravel_index(flat, mask.shape))


def finite(a: np.ndarray, arg: str, name: str, noun: str,
           error: type[ValueError] = ValueError) -> np.ndarray:
    """`a` if every entry is finite, else raise `error` naming the first NaN or ±inf ("X: row
    3, column 2 (X[2, 1]) is NaN; every input must be a finite number"); name: what to
    index in the words (X, a_L, D[1])."""
    if np.isfinite(a).all():
        return a
    idx = first(~np.isfinite(a))
    raise error(f"{arg}: {position(name, idx)} is {show(a[idx])}; every {noun} must be a finite "
                "number")


def count(n: int, noun: str) -> str:
    """'1 unit', '2 units': a number and its noun, singular or plural."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _units(n: int) -> str:
    return count(n, "unit")


def matrices(value, arg: str, symbol: str, sizes: Sequence[int] | None = None,
             noun: str = "entry") -> list:
    """Θ⁽¹⁾ … Θ⁽ᴸ⁻¹⁾ (or Δ, D: `symbol`) as float64 matrices that chain: matrix l has shape
    (s_{l+1}, s_l + 1), s_{l+1} ≥ 1 and s_l ≥ 1, where s_l is the row count of matrix l − 1
    (or `sizes`, when given). Every entry finite."""
    if isinstance(value, (str, bytes, np.ndarray)) or not isinstance(value, Sequence):
        raise ValueError(f"{arg}: the matrices {symbol}{layer(1)}, {symbol}{layer(2)}, … must "
                         f"come as a list, one per layer (a single one as [{symbol}{layer(1)}]), "
                         f"not {show(value)}")
    if not value:
        raise ValueError(f"{arg}: the list is empty; a network needs at least {symbol}{layer(1)} "
                         "(from the input layer to the output layer)")
    if sizes is not None and len(value) != len(sizes) - 1:
        raise ValueError(f"{arg}: a network of {len(sizes)} layers needs {len(sizes) - 1} "
                         f"matrices {symbol}{layer(1)} … {symbol}{layer(len(sizes) - 1)}, got "
                         f"{len(value)}")
    out: list[np.ndarray] = []
    for l, t in enumerate(value, start=1):
        name = f"{symbol}{layer(l)}"
        a = array(t, arg, name)
        if a.ndim != 2:
            raise ValueError(f"{arg}: {name} must be a matrix (rows × columns), not a "
                             f"{a.ndim}-D array of shape {a.shape}")
        if a.shape[0] < 1 or a.shape[1] < 2:
            raise ValueError(f"{arg}: {name} has shape {a.shape}; it needs at least one row (a "
                             f"unit of layer {l + 1}) and two columns (the bias and a unit of "
                             f"layer {l})")
        if sizes is not None:
            want = (sizes[l], sizes[l - 1] + 1)
            why = f"layers {l} and {l + 1} have {sizes[l - 1]} and {sizes[l]} units"
        elif out:
            s_l = out[-1].shape[0]
            want, why = (a.shape[0], s_l + 1), f"layer {l} has {_units(s_l)}"
        else:
            want = why = None
        if want is not None and a.shape != want:
            raise ValueError(f"{arg}: {name} has shape {a.shape} but {why}, so it needs {want}")
        if not np.isfinite(a).all():
            r, c = first(~np.isfinite(a))
            raise ValueError(f"{arg}: the {noun} in row {r + 1}, column {c + 1} of {name} "
                             f"({symbol}{_ij(r, c)}{layer(l)}, {arg}[{l - 1}][{r}, {c}]) is "
                             f"{show(a[r, c])}; every {noun} must be a finite number")
        out.append(a)
    return out


def thetas(value, sizes: Sequence[int] | None = None) -> list[np.ndarray]:
    """The weights Θ⁽¹⁾ … Θ⁽ᴸ⁻¹⁾ (see `matrices`)."""
    return matrices(value, "thetas", "Θ", sizes, "weight")


def inputs(X, n: int, check_finite: bool = True) -> np.ndarray:
    """X as an (m, n) float64 array, m ≥ 1, every entry finite (unless check_finite is False:
    `cost_and_gradients` screens its result instead, see there). DataError otherwise."""
    a = array(X, "X", "the inputs", DataError)
    if a.ndim in (1, 2) and a.shape[0] == 0:
        raise DataError("X: there are no examples (m = 0); at least one row is needed")
    if a.ndim != 2:
        raise DataError(f"X: the inputs must be a table with one row per example and {n} "
                        f"column{'' if n == 1 else 's'} (one per input unit), not a "
                        f"{a.ndim}-D array of shape {a.shape}")
    if a.shape[1] != n:
        raise DataError(f"X: {count(a.shape[1], 'column')}, but the input layer has "
                        f"{_units(n)} (Θ⁽¹⁾ has {n + 1} columns: the bias and one per input), "
                        f"so X needs {n}")
    if check_finite:
        finite(a, "X", "X", "input", DataError)
    return a


def targets(Y, m: int, K: int, cross_entropy: bool) -> np.ndarray:
    """Y as an (m, K) float64 array (a 1-D Y is one column), every entry finite, and between
    0 and 1 for the cross-entropy cost (its log h and log(1 − h) terms weigh y and 1 − y).
    DataError otherwise."""
    a = array(Y, "Y", "the targets", DataError)
    if a.ndim == 1:
        a = a[:, None]
    if a.ndim != 2:
        raise DataError(f"Y: the targets must be a table with one row per example and {K} "
                        f"column{'' if K == 1 else 's'} (one per output unit), not a "
                        f"{a.ndim}-D array of shape {a.shape}")
    if a.shape[0] != m:
        raise DataError(f"Y: {count(a.shape[0], 'row')}, but X has {m}; Y needs one row of targets "
                        "per example")
    if a.shape[1] != K:
        raise DataError(f"Y: {count(a.shape[1], 'column')}, but the output layer has "
                        f"{_units(K)} (the rows of the last Θ), so Y needs {K}")
    return probabilities(a) if cross_entropy else finite(a, "Y", "Y", "target", DataError)


def probabilities(Y: np.ndarray) -> np.ndarray:
    """Y if every entry is in [0, 1] (what the cross-entropy's y log h + (1 − y) log(1 − h)
    needs), else DataError naming the first NaN, ±inf or entry outside."""
    if 0.0 <= Y.min() and Y.max() <= 1.0:  # also false for NaN: min and max propagate it
        return Y
    finite(Y, "Y", "Y", "target", DataError)
    idx = first((Y < 0.0) | (Y > 1.0))
    raise DataError(f"Y: {position('Y', idx)} is {show(Y[idx])}, but the cross-entropy cost "
                    "needs targets between 0 and 1 (use the squared error, loss='mse', for "
                    "other targets)")


def layer_values(values, arg: str, symbol: str, sizes: Sequence[int], m: int | None,
                 start: int) -> list:
    """A per-layer list such as As or zs of `forward`: len(sizes) entries, values[l] for
    l = start … L − 1 an (m, s_{l+1}) finite float64 array (symbol⁽ˡ⁺¹⁾; entries before
    `start` are not used and are passed through). m None: taken from values[start]."""
    L = len(sizes)
    if isinstance(values, (str, bytes, np.ndarray)) or not isinstance(values, Sequence):
        raise ValueError(f"{arg}: must be a list of {L} arrays, one per layer "
                         f"({arg}[0] for layer 1), not {show(values)}")
    if len(values) != L:
        raise ValueError(f"{arg}: a network of {L} layers needs a list of {L} arrays, one per "
                         f"layer ({arg}[0] for layer 1), got {len(values)}")
    out = list(values)
    for i in range(start, L):
        name = f"{symbol}{layer(i + 1)} ({arg}[{i}])"
        a = array(values[i], arg, name)
        if m is None and a.ndim == 2:
            m = a.shape[0]
        if a.shape != (m, sizes[i]):
            raise ValueError(f"{arg}: {name} has shape {a.shape} but layer {i + 1} has "
                             f"{_units(sizes[i])}, so it needs one row per example and "
                             f"{sizes[i]} column{'' if sizes[i] == 1 else 's'}"
                             + ("" if m is None else f": ({m}, {sizes[i]})"))
        out[i] = finite(a, arg, f"{arg}[{i}]", "value")
    return out
