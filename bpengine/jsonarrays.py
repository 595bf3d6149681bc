"""numpy arrays inside JSON, exactly and safely.

An array is written as {"dtype": "float64" | "int64", "shape": [d₀, d₁, …], "base64": …}:
the little-endian bytes of the values in C order, base64-encoded, so float64 values come
back bit for bit. Reading accepts only those two dtypes (no object arrays, nothing a
pickle could hide in), checks the declared shape against a size limit before decoding
anything, and checks that the data holds exactly that many values.
"""

from __future__ import annotations

import base64
import binascii
import math

import numpy as np

DTYPES = {"float64": "<f8", "int64": "<i8"}
MAX_VALUES = 64 * 2**20        # 512 MB of float64: far above any dataset the app handles


class ArrayFormatError(ValueError):
    """An array in a JSON document is not what it says; the message says how."""


def encode(a: np.ndarray) -> dict:
    """{"dtype", "shape", "base64"} for a float64 or integer array."""
    a = np.asarray(a)
    kind = "int64" if a.dtype.kind in "iub" else "float64"
    data = np.ascontiguousarray(a, dtype=DTYPES[kind]).tobytes()
    return {"dtype": kind, "shape": list(a.shape), "base64": base64.b64encode(data).decode()}


def decode(obj, what: str, *, ndim: int | None = None, finite: bool = False) -> np.ndarray:
    """The array `obj` encodes; ArrayFormatError naming `what` when it is malformed: not an
    object of that form, an unknown dtype, a shape that is not whole numbers or is too
    large, data of another length, non-finite values where `finite` is asked."""
    if not isinstance(obj, dict) or set(obj) != {"dtype", "shape", "base64"}:
        raise ArrayFormatError(f"{what} must be an array object with dtype, shape and base64")
    dtype, shape, text = obj["dtype"], obj["shape"], obj["base64"]
    if not isinstance(dtype, str) or dtype not in DTYPES:
        raise ArrayFormatError(f"{what} has dtype {dtype!r}; only float64 and int64 are read")
    if not isinstance(shape, list) or not all(
            isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in shape):
        raise ArrayFormatError(f"{what} has shape {shape!r}: whole numbers ≥ 0 are needed")
    if ndim is not None and len(shape) != ndim:
        raise ArrayFormatError(f"{what} must have {ndim} dimension(s), not {len(shape)}")
    n = math.prod(shape)
    if n > MAX_VALUES:
        raise ArrayFormatError(f"{what} declares {n:,} values, more than the {MAX_VALUES:,} "
                               "a session may hold")
    if not isinstance(text, str) or len(text) != 4 * math.ceil(8 * n / 3):
        raise ArrayFormatError(f"{what} declares shape {shape} but its data does not hold "
                               f"{n:,} values")
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ArrayFormatError(f"{what}: its data is not valid base64") from None
    if len(raw) != 8 * n:
        raise ArrayFormatError(f"{what} declares shape {shape} but its data does not hold "
                               f"{n:,} values")
    a = np.frombuffer(raw, dtype=DTYPES[dtype]).reshape(shape).astype(
        np.float64 if dtype == "float64" else np.int64)
    if finite and not np.all(np.isfinite(a)):
        raise ArrayFormatError(f"{what} holds infinite or NaN values")
    return a
